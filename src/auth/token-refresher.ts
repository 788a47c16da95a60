import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { AppError } from '../errors';
import { isSecuritizeError, SecuritizeClient } from '../securitize';
import { noteTokenAnswer } from './token-answer-log';
import { EndReason, fingerprint, Sessions, SessionStateStore, StoredTokens } from '../session';
import type { Metrics } from '../metrics';
import { createSuccessors, sessionGone, store } from './successors';
import { NO_SPANS, OpenSpan, Spans } from '../tracing';

export interface RefresherOptions {
  state: SessionStateStore;
  /** Ends a session for good (the session module's one way to do it). */
  end: Sessions['end'];
  securitize: Pick<SecuritizeClient, 'refresh'>;
  logger: Logger;
  /** Token-expiry clock (injectable); waiting and leases always use real time. */
  now: () => number;
  marginMs: number;
  lockTtlMs: number;
  /** How long a request waits for another one's refresh before giving up with 503. */
  waitMs: number;
  successorTtlMs?: number;
  metrics?: Pick<Metrics, 'refresh' | 'lockWait' | 'tokenAnswer'>;
  /** With tracing on: a `refresh` span around each refresh, a `refresh lock wait` span around each wait. */
  spans?: Spans;
}

export interface TokenRefresher {
  /**
   * Tokens that are good for at least the margin. `rejected` names an access token Securitize just
   * refused (a 401): then a refresh is needed unless someone already replaced that token.
   */
  fresh(sid: string, investorId: string, loaded: StoredTokens, rejected?: string): Promise<StoredTokens>;
}

/**
 * Refresh tokens are single use (docs/securitize.md, "Refresh"), so a refresh must happen exactly once per
 * token across every BFF instance. Requests in one process share one promise; across processes a
 * Redis lock with an owner value and a renewed lease decides who calls Securitize, and everyone
 * else waits and picks up the result: from the session once it is rewritten, or from a short-lived
 * successor record keyed by the spent token for requests that loaded the session just before.
 */
export function createTokenRefresher(opts: RefresherOptions): TokenRefresher {
  const { state, logger } = opts;
  const spans = opts.spans ?? NO_SPANS;
  const successorTtlMs = opts.successorTtlMs ?? 60_000;
  const inflight = new Map<string, Promise<StoredTokens>>();
  const { rememberLocally, localSuccessor, rotatedElsewhere, persist } = createSuccessors(
    state,
    successorTtlMs,
  );

  /** Ends the session for good and answers 401 session_expired. */
  async function endSession(sid: string, investorId: string, reason: EndReason): Promise<never> {
    await opts.end({ sid, investorId }, reason, logger).catch(() => undefined);
    throw sessionGone(reason);
  }

  const needsRefresh = (t: StoredTokens, rejected?: string) =>
    rejected ? t.accessToken === rejected : t.expiresAt - opts.now() <= opts.marginMs;

  async function refreshHoldingLock(sid: string, investorId: string, loaded: StoredTokens, owner: string) {
    const renew = setInterval(
      () => {
        state
          .renewLock(sid, owner, opts.lockTtlMs)
          .then(
            (ok) => ok || logger.warn({ event: 'refresh_lock_lost' }, 'refresh lock lost while refreshing'),
          )
          .catch(() => undefined);
      },
      Math.max(50, Math.floor(opts.lockTtlMs / 3)),
    );
    try {
      let next;
      try {
        next = await opts.securitize.refresh(loaded.refreshToken);
      } catch (err) {
        if (isSecuritizeError(err, 'rejected')) {
          // The refresh token is dead: the session cannot be used any more.
          logger.info({ event: 'refresh_rejected', upstreamStatus: err.upstreamStatus }, 'refresh rejected');
          opts.metrics?.refresh('rejected');
          await endSession(sid, investorId, 'refresh_rejected');
        }
        if (isSecuritizeError(err, 'unusable')) {
          // A 200 without tokens: the old refresh token is spent, and there is nothing to replace it.
          logger.warn({ event: 'refresh_unusable', reason: err.detail.reason }, 'refresh answer unusable');
          opts.metrics?.refresh('unusable');
          opts.metrics?.tokenAnswer('oauth2.refresh', 'unusable');
          await endSession(sid, investorId, 'refresh_unusable');
        }
        logger.warn(
          { event: 'refresh_failed', outcome: isSecuritizeError(err) ? err.outcome : 'error' },
          'refresh failed',
        );
        opts.metrics?.refresh('unavailable');
        throw err;
      }
      noteTokenAnswer(logger, opts.metrics, 'oauth2.refresh', next, !next.investorId);
      // An answer without investorId keeps the session's; one naming another investor ends it.
      if (next.investorId !== undefined && next.investorId !== investorId) {
        logger.error({ event: 'refresh_investor_mismatch' }, 'refresh returned another investor');
        opts.metrics?.refresh('investor_mismatch');
        await endSession(sid, investorId, 'refresh_investor_mismatch');
      }
      const tokens: StoredTokens = {
        accessToken: next.accessToken,
        refreshToken: next.refreshToken,
        expiration: next.expiration,
        expiresAt: next.expiresAt,
      };
      rememberLocally(loaded.refreshToken, tokens);
      opts.metrics?.refresh('success');
      await persist(sid, loaded.refreshToken, tokens);
      logger.info({ event: 'refresh_success' }, 'tokens refreshed');
      return tokens;
    } finally {
      clearInterval(renew);
    }
  }

  /**
   * Take the lock and, in the same round trip, look whether somebody already replaced the tokens
   * (between this request's read and now). Holding the lock with nothing replaced: refresh. Else
   * wait, polling, for whoever holds it.
   */
  async function obtain(sid: string, investorId: string, loaded: StoredTokens): Promise<StoredTokens> {
    const owner = randomUUID();
    const started = Date.now();
    let pause = 5;
    // Opened once the first try finds the lock taken; every later try runs inside it.
    let wait: OpenSpan | undefined;
    const waited = (outcome: string) => {
      wait?.set({ 'bff.refresh.wait': outcome });
      wait?.end();
      wait = undefined;
    };
    try {
      for (;;) {
        const attempt = () =>
          Promise.allSettled([
            store('refresh_lock', () => state.acquireLock(sid, owner, opts.lockTtlMs)),
            rotatedElsewhere(sid, loaded),
          ]);
        const [lock, check] = await (wait ? wait.within(attempt) : attempt());
        const acquired = lock.status === 'fulfilled' && lock.value;
        try {
          if (check.status === 'rejected') throw check.reason;
          if (check.value) {
            if (!acquired) opts.metrics?.lockWait((Date.now() - started) / 1000);
            waited('refreshed_elsewhere');
            return check.value;
          }
          if (lock.status === 'rejected') throw lock.reason;
          if (acquired) {
            waited('lock_acquired');
            return await spans.run('refresh', () => refreshHoldingLock(sid, investorId, loaded, owner));
          }
        } finally {
          // Not awaited: the answer need not wait for the release, which only ever deletes our own lock.
          if (acquired) void state.releaseLock(sid, owner).catch(() => undefined);
        }
        if (Date.now() - started > opts.waitMs) {
          wait?.fail('gave up waiting for another refresh');
          waited('timeout');
          throw new AppError('securitize_unavailable', {
            status: 503,
            retryAfterSeconds: 1,
            detail: { reason: 'refresh_wait_timeout' },
          });
        }
        wait ??= spans.open('refresh lock wait');
        await sleep(pause + Math.random() * pause);
        pause = Math.min(pause * 2, 20);
      }
    } finally {
      // Still open: the wait ended by an error (Redis went away while polling).
      wait?.fail();
      waited('failed');
    }
  }

  return {
    async fresh(sid, investorId, loaded, rejected) {
      if (!needsRefresh(loaded, rejected)) return loaded;
      // This process refreshed that token moments ago: a request that read the session just before
      // the new pair was written needs no lock and no Redis round trip to find it.
      const known = localSuccessor(loaded.refreshToken);
      if (known && !needsRefresh(known, rejected)) return known;
      const key = `${sid}\n${fingerprint(loaded.refreshToken)}`;
      const running = inflight.get(key);
      // Another request of this process is refreshing that token: wait for its answer.
      if (running)
        return spans.run('refresh lock wait', () => running, { 'bff.refresh.wait': 'same_process' });
      const p = obtain(sid, investorId, loaded).finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
  };
}
