import { randomBytes, randomUUID } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt';

export interface TokenPair {
  investorId: string;
  accessToken: string;
  refreshToken: string;
  expiration: string;
}

export type Redeemed = { ok: true; pair: TokenPair } | { ok: false; reuse: boolean };

interface Grant {
  clientId: string;
  investorId: string;
  expiresAt: number;
}
interface CodeRecord extends Grant {
  used: boolean;
}
interface AccessRecord extends Grant {
  dead: boolean;
}
interface RefreshRecord extends Grant {
  state: 'live' | 'spent' | 'revoked';
  accessId: string;
}

export interface TokenStoreOptions {
  now: () => number;
  jwtSecret: string;
  codeTtlMs: number;
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  refreshRevokesAccessToken: boolean;
  accessTokenBytes: number;
}

export type TokenStore = ReturnType<typeof createTokenStore>;

export function createTokenStore(opts: TokenStoreOptions) {
  const codes = new Map<string, CodeRecord>();
  const access = new Map<string, AccessRecord>();
  const refresh = new Map<string, RefreshRecord>();

  function issuePair(clientId: string, investorId: string): TokenPair {
    const now = opts.now();
    const accessId = randomUUID();
    const expiresAt = now + opts.accessTokenTtlMs;
    access.set(accessId, { clientId, investorId, expiresAt, dead: false });
    const claims = { accessToken: accessId, investorId, clientId, iat: Math.floor(now / 1000) };
    const signed = signJwt({ ...claims, exp: Math.floor(expiresAt / 1000) }, opts.jwtSecret);
    // Random padding, so a size measurement can't be flattered by compression of a repetitive claim.
    const missing = Math.max(0, opts.accessTokenBytes - signed.length);
    const pad =
      missing > 20 ? randomBytes(Math.floor(((missing - 20) * 3) / 4 / 1.34)).toString('base64url') : '';
    const accessToken = pad
      ? signJwt({ ...claims, pad, exp: Math.floor(expiresAt / 1000) }, opts.jwtSecret)
      : signed;
    const refreshToken = randomBytes(48).toString('base64url');
    // The docs do not say whether 365 days restart on each refresh (docs/securitize.md, "Open questions"); here they do.
    const refreshExpiry = now + opts.refreshTokenTtlMs;
    refresh.set(refreshToken, { clientId, investorId, expiresAt: refreshExpiry, state: 'live', accessId });
    // `expiration` is taken to be the access-token expiry (docs/securitize.md, "The code exchange" and "Open questions").
    return { investorId, accessToken, refreshToken, expiration: new Date(expiresAt).toISOString() };
  }

  /** The client and investor behind a live access token, if it is one of ours. */
  function readAccess(token: string): { clientId: string; investorId: string } | undefined {
    const claims = verifyJwt(token, opts.jwtSecret);
    const record = claims && access.get(claims.accessToken);
    if (!claims || !record || record.dead || claims.clientId !== record.clientId) return undefined;
    if (opts.now() >= record.expiresAt) return undefined;
    return { clientId: record.clientId, investorId: record.investorId };
  }

  return {
    issueCode(clientId: string, investorId: string): string {
      const code = randomUUID();
      codes.set(code, { clientId, investorId, expiresAt: opts.now() + opts.codeTtlMs, used: false });
      return code;
    },

    redeemCode(clientId: string, code: string): Redeemed {
      const record = codes.get(code);
      if (!record || record.clientId !== clientId) return { ok: false, reuse: false };
      if (record.used) return { ok: false, reuse: true };
      if (opts.now() >= record.expiresAt) return { ok: false, reuse: false };
      record.used = true;
      return { ok: true, pair: issuePair(clientId, record.investorId) };
    },

    // Reuse of a spent token is answered with 401 but does not revoke the rest of the family (docs/securitize.md, "Open questions").
    refresh(clientId: string, token: string): Redeemed {
      const record = refresh.get(token);
      if (!record || record.clientId !== clientId) return { ok: false, reuse: false };
      if (record.state === 'spent') return { ok: false, reuse: true };
      if (record.state === 'revoked' || opts.now() >= record.expiresAt) return { ok: false, reuse: false };
      record.state = 'spent';
      const old = access.get(record.accessId);
      if (old && opts.refreshRevokesAccessToken) old.dead = true;
      return { ok: true, pair: issuePair(clientId, record.investorId) };
    },

    readAccess,

    /** The investorId behind a live access token presented for clientId, if any. */
    verifyAccess(clientId: string, token: string): string | undefined {
      const live = readAccess(token);
      return live?.clientId === clientId ? live.investorId : undefined;
    },

    expireAccessTokens(): void {
      for (const record of access.values()) record.dead = true;
    },

    revokeRefreshTokens(): void {
      for (const record of refresh.values()) record.state = 'revoked';
    },
  };
}
