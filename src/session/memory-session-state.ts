import type { MemoryStore } from 'express-session';
import {
  CasResult,
  fingerprint,
  parseSession,
  SessionStateStore,
  StoredTokens,
  tokensOf,
  withTokens,
} from './token-state';

/**
 * Development fallback (no REDIS_URL): the same contract over express-session's MemoryStore, which
 * keeps each session as a JSON string. One process only, so plain maps serve as lock and records.
 */
export function createMemorySessionState(store: MemoryStore, now: () => number): SessionStateStore {
  const sessions = (store as unknown as { sessions: Record<string, string | undefined> }).sessions;
  const locks = new Map<string, { owner: string; until: number }>();
  const successors = new Map<string, { tokens: StoredTokens; until: number }>();
  const liveLock = (sid: string) => {
    const l = locks.get(sid);
    return l && l.until > now() ? l : undefined;
  };

  return {
    async read(sid) {
      const raw = sessions[sid];
      const tokens = raw === undefined ? null : tokensOf(parseSession(raw));
      return raw !== undefined && tokens ? { raw, tokens } : null;
    },
    async compareAndSetTokens(sid, raw, tokens): Promise<CasResult> {
      const current = sessions[sid];
      if (current === undefined) return 'gone';
      if (current !== raw) return 'changed';
      sessions[sid] = withTokens(raw, tokens);
      return 'written';
    },
    async putSuccessor(spent, tokens, ttlMs) {
      for (const [k, v] of successors) if (v.until <= now()) successors.delete(k);
      successors.set(fingerprint(spent), { tokens, until: now() + ttlMs });
    },
    async getSuccessor(spent) {
      const s = successors.get(fingerprint(spent));
      return s && s.until > now() ? s.tokens : null;
    },
    async destroy(sid) {
      delete sessions[sid];
    },
    async acquireLock(sid, owner, ttlMs) {
      if (liveLock(sid)) return false;
      locks.set(sid, { owner, until: now() + ttlMs });
      return true;
    },
    async renewLock(sid, owner, ttlMs) {
      const l = liveLock(sid);
      if (l?.owner !== owner) return false;
      l.until = now() + ttlMs;
      return true;
    },
    async releaseLock(sid, owner) {
      if (locks.get(sid)?.owner === owner) locks.delete(sid);
    },
  };
}
