import type { TokenCodec } from './seal';

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

/** The fields a session's decisions rest on: who it is (index, log out everywhere) and its age (absolute lifetime). */
export type Bound = Pick<SessionRecord, 'investorId' | 'createdAt'>;

/**
 * What the sealed tokens are bound to (their associated data): the session id and the decision
 * fields. Changing any of them in Redis makes the seal fail to open, and the session is refused.
 */
export const bindingOf = (sid: string, r: Bound) => `${sid}\n${r.investorId}\n${r.createdAt}`;

export function openTokens(record: SessionRecord, sid: string, codec: TokenCodec): StoredTokens | null {
  const sealed = codec.open(record.tok, bindingOf(sid, record));
  return sealed && { ...sealed, expiration: record.expiration, expiresAt: record.expiresAt };
}

/** The fields a session stores for a token pair, sealed to the session and its decision fields. */
export const tokenFields = (tokens: StoredTokens, sid: string, bound: Bound, codec: TokenCodec) => ({
  tok: codec.seal(tokens, bindingOf(sid, bound)),
  expiration: tokens.expiration,
  expiresAt: tokens.expiresAt,
});

/** The stored session JSON with its tokens replaced; every other field is kept as it was. */
export function withTokens(raw: string, tokens: StoredTokens, sid: string, codec: TokenCodec): string {
  const record = JSON.parse(raw) as SessionRecord;
  return JSON.stringify({ ...record, ...tokenFields(tokens, sid, record, codec) });
}
