import { createHash } from 'node:crypto';
import type { StoredTokens } from './record';

export type { StoredTokens } from './record';
export type CasResult = 'written' | 'gone' | 'changed';

/**
 * What token refresh needs from the session store. Writes are conditional on the exact stored
 * value, so a refresh can neither overwrite a concurrent change nor bring back a session that a
 * concurrent logout deleted (docs/security.md, C10 and C11).
 */
export interface SessionStateStore {
  read(sid: string): Promise<{ raw: string; tokens: StoredTokens } | null>;
  compareAndSetTokens(sid: string, raw: string, tokens: StoredTokens): Promise<CasResult>;
  putSuccessor(sid: string, spentRefreshToken: string, tokens: StoredTokens, ttlMs: number): Promise<void>;
  getSuccessor(sid: string, spentRefreshToken: string): Promise<StoredTokens | null>;
  acquireLock(sid: string, owner: string, ttlMs: number): Promise<boolean>;
  renewLock(sid: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLock(sid: string, owner: string): Promise<void>;
}

/** Never a token in a key name: the successor record is keyed by a hash of the spent token. */
export const fingerprint = (token: string) => createHash('sha256').update(token).digest('base64url');
