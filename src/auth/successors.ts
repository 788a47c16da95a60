import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors';
import { storeUnavailable } from '../redis-errors';
import { fingerprint, SessionStateStore, StoredTokens } from '../session';

export const sessionGone = (reason: string) => new AppError('session_expired', { detail: { reason } });

/** A Redis call whose failure is a store outage (503), unless it is already a decided answer. */
export const store = async <T>(op: string, fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof AppError ? err : storeUnavailable(err, op);
  }
};

/**
 * Where a refreshed pair is kept until the session holds it: in this process's memory (the last
 * line of defence when Redis fails right after a refresh: the next request uses it instead of
 * spending the old token a second time), in a short-lived successor record keyed by the spent
 * token (for requests on any instance that loaded the session just before), and finally in the
 * session itself by a compare-and-set write.
 */
export function createSuccessors(state: SessionStateStore, successorTtlMs: number) {
  const localSuccessors = new Map<string, { tokens: StoredTokens; until: number }>();

  function rememberLocally(spent: string, tokens: StoredTokens) {
    const t = Date.now();
    for (const [k, v] of localSuccessors) if (v.until <= t) localSuccessors.delete(k);
    localSuccessors.set(fingerprint(spent), { tokens, until: t + successorTtlMs });
  }

  /** The pair this process got for `spent`, while that memory is fresh. */
  function localSuccessor(spent: string): StoredTokens | null {
    const local = localSuccessors.get(fingerprint(spent));
    return local && local.until > Date.now() ? local.tokens : null;
  }

  /**
   * Somebody (any instance) already replaced `loaded`? Then use what they got: the session if it was
   * rewritten, else a successor record (the refresh succeeded but the session write has not, or
   * failed); in that case this request also finishes the write.
   */
  async function rotatedElsewhere(sid: string, loaded: StoredTokens): Promise<StoredTokens | null> {
    const spent = loaded.refreshToken;
    const inProcess = localSuccessor(spent);
    const [successor, current] = await store('refresh_check', () =>
      Promise.all([inProcess ?? state.getSuccessor(sid, spent), state.read(sid)]),
    );
    if (!current) throw sessionGone('session_gone_during_refresh');
    if (current.tokens.refreshToken !== spent) return current.tokens;
    if (!successor) return null;
    await persist(sid, spent, successor).catch(() => undefined);
    return successor;
  }

  /**
   * Persist before use. Conditional: a session deleted meanwhile (logout) stays deleted. The
   * successor record and the read of the session go out together (one round trip, in that order),
   * then the compare-and-set: the refresh's critical path is short under load.
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
        if (err instanceof AppError) throw err;
        lastError = err;
        await sleep(100 * 2 ** attempt);
      }
    }
    throw storeUnavailable(lastError, 'persist_refreshed_tokens');
  }

  return { rememberLocally, localSuccessor, rotatedElsewhere, persist };
}

export type Successors = ReturnType<typeof createSuccessors>;
