import { createHash } from 'node:crypto';

/** The token part of a session, as kept server-side. */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiration: string;
  expiresAt: number;
}

export type CasResult = 'written' | 'gone' | 'changed';

/**
 * What token refresh needs from the session store. Writes are conditional on the exact stored
 * value, so a refresh can neither overwrite a concurrent change nor bring back a session that a
 * concurrent logout deleted (security-bar C10, C11).
 */
export interface SessionStateStore {
  read(sid: string): Promise<{ raw: string; tokens: StoredTokens } | null>;
  compareAndSetTokens(sid: string, raw: string, tokens: StoredTokens): Promise<CasResult>;
  putSuccessor(spentRefreshToken: string, tokens: StoredTokens, ttlMs: number): Promise<void>;
  getSuccessor(spentRefreshToken: string): Promise<StoredTokens | null>;
  destroy(sid: string): Promise<void>;
  acquireLock(sid: string, owner: string, ttlMs: number): Promise<boolean>;
  renewLock(sid: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLock(sid: string, owner: string): Promise<void>;
}

/** Never a token in a key name: the successor record is keyed by a hash of the spent token. */
export const fingerprint = (token: string) => createHash('sha256').update(token).digest('base64url');

export function tokensOf(session: Record<string, unknown> | null | undefined): StoredTokens | null {
  if (!session) return null;
  const { accessToken, refreshToken, expiration, expiresAt } = session;
  if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') return null;
  if (typeof expiration !== 'string' || typeof expiresAt !== 'number') return null;
  return { accessToken, refreshToken, expiration, expiresAt };
}

/** The stored session JSON with its tokens replaced; every other field is kept as it was. */
export function withTokens(raw: string, tokens: StoredTokens): string {
  const session = JSON.parse(raw) as Record<string, unknown>;
  return JSON.stringify({ ...session, ...tokens });
}

export function parseSession(raw: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
