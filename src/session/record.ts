import type { TokenCodec } from './codec';

/**
 * A session as stored in Redis (JSON at `sess:<sid>`, first written by express-session at login).
 * Tokens are sealed in `tok`; their expiry is kept in clear because it is not secret.
 */
export interface SessionRecord {
  investorId: string;
  createdAt: number;
  expiration: string;
  expiresAt: number;
  tok: string;
  country?: string;
  authorized?: boolean;
}

/** The token part of a session, decrypted, in memory only. */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiration: string;
  expiresAt: number;
}

export function parseRecord(raw: string): SessionRecord | null {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const ok =
    typeof v.investorId === 'string' &&
    typeof v.createdAt === 'number' &&
    typeof v.expiration === 'string' &&
    typeof v.expiresAt === 'number' &&
    typeof v.tok === 'string';
  return ok ? (v as unknown as SessionRecord) : null;
}

export function openTokens(record: SessionRecord, sid: string, codec: TokenCodec): StoredTokens | null {
  const sealed = codec.open(record.tok, sid);
  return sealed && { ...sealed, expiration: record.expiration, expiresAt: record.expiresAt };
}

/** The fields a session stores for a token pair. */
export const tokenFields = (tokens: StoredTokens, sid: string, codec: TokenCodec) => ({
  tok: codec.seal(tokens, sid),
  expiration: tokens.expiration,
  expiresAt: tokens.expiresAt,
});

/** The stored session JSON with its tokens replaced; every other field is kept as it was. */
export function withTokens(raw: string, tokens: StoredTokens, sid: string, codec: TokenCodec): string {
  return JSON.stringify({ ...(JSON.parse(raw) as object), ...tokenFields(tokens, sid, codec) });
}
