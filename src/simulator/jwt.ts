import { createHmac, timingSafeEqual } from 'node:crypto';

// HS256 by hand (node:crypto) so the simulator needs no JWT package; the claims follow docs/securitize.md, "Token lifetimes and format".
export interface AccessClaims {
  accessToken: string;
  investorId: string;
  clientId: string;
  iat: number;
  exp: number;
  /** Padding only (see the accessTokenBytes option). */
  pad?: string;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function sign(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

export function signJwt(claims: AccessClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${HEADER}.${payload}.${sign(`${HEADER}.${payload}`, secret).toString('base64url')}`;
}

/** Returns the claims when the signature is ours and the payload has the expected shape; expiry is the caller's. */
export function verifyJwt(token: string, secret: string): AccessClaims | undefined {
  const [header, payload, signature, ...rest] = token.split('.');
  if (header !== HEADER || payload === undefined || signature === undefined || rest.length > 0)
    return undefined;
  const expected = sign(`${header}.${payload}`, secret);
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return isClaims(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}

function isClaims(value: unknown): value is AccessClaims {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.accessToken === 'string' &&
    typeof c.investorId === 'string' &&
    typeof c.clientId === 'string' &&
    typeof c.iat === 'number' &&
    typeof c.exp === 'number'
  );
}
