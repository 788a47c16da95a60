import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors';
import { createBoundedMap, fingerprint, StoredTokens, TokenStore } from '../store';

export const sessionGone = (reason: string) => new AppError('session_expired', { detail: { reason } });

/** Refreshed pairs this process remembers at once, at most (each for successorTtlMs). */
const LOCAL_SUCCESSORS = 10_000;

/**
 * Where a refreshed pair is kept until the session holds it: in this process's memory (the last
 * line of defence when Redis fails right after a refresh: the next request uses it instead of
 * spending the old token a second time), in a short-lived successor record keyed by the spent
 * token (for requests on any instance that loaded the session just before), and finally in the
 * session itself by a compare-and-set write.
 */
export function createSuccessors(state: TokenStore, successorTtlMs: number) {
  const localSuccessors = createBoundedMap<string, { tokens: StoredTokens; until: number }>(LOCAL_SUCCESSORS);

  function rememberLocally(spent: string, tokens: StoredTokens) {
    localSuccessors.set(fingerprint(spent), { tokens, until: Date.now() + successorTtlMs });
  }

  /** The pair this process got for `spent`, while that memory is fresh. */
  function localSuccessor(spent: string): StoredTokens | null {
    const local = localSuccessors.get(fingerprint(spent));
    return local && local.until > Date.now() ? local.tokens : null;
  }

  /**
   * Somebody (any instance) already replaced `loaded`? Then use what they got: the session if it was
   * rewritten, else a successor record (the refresh succeeded but the session write has not, or
   * failed); in that case this request also finishes the write. Undefined: nobody did.
   */
  async function rotatedElsewhere(sid: string, loaded: StoredTokens): Promise<StoredTokens | undefined> {
    const spent = loaded.refreshToken;
    const inProcess = localSuccessor(spent);
    const [successor, current] = await Promise.all([
      inProcess ?? state.getSuccessor(sid, spent),
      state.read(sid),
    ]);
    if (!current) throw sessionGone('session_gone_during_refresh');
    if (current.tokens.refreshToken !== spent) return current.tokens;
    if (!successor) return undefined;
    await persist(sid, spent, successor).catch(() => undefined);
    return successor;
  }

  /**
   * Persist before use. Conditional: a session deleted meanwhile (logout) stays deleted. The
   * successor record and the read of the session go out together (one round trip, in that order),
   * then the compare-and-set: the refresh's critical path is short under load. A store outage is
   * tried three times before the 503; a logout meanwhile is final at once.
   */
  async function persist(sid: string, spent: string, tokens: StoredTokens): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const [, current] = await Promise.all([
          state.putSuccessor(sid, spent, tokens, successorTtlMs),
          state.read(sid),
        ]);
        if (!current) throw sessionGone('logged_out_during_refresh');
        if (current.tokens.refreshToken !== spent) return;
        const result = await state.compareAndSetTokens(sid, current.raw, tokens);
        if (result === 'written') return;
        if (result === 'gone') throw sessionGone('logged_out_during_refresh');
      } catch (err) {
        if (err instanceof AppError && err.code !== 'session_store_unavailable') throw err;
        lastError = err;
        await sleep(100 * 2 ** attempt);
      }
    }
    throw lastError;
  }

  return { rememberLocally, localSuccessor, rotatedElsewhere, persist };
}

export type Successors = ReturnType<typeof createSuccessors>;
