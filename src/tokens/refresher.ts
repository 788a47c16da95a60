import type { Logger } from 'pino';
import { isSecuritizeError, SecuritizeClient } from '../securitize';
import { createSingleFlight, fingerprint, StoredTokens, TokenStore, UnderLease } from '../store';
import type { EndReason, Sessions } from '../session';
import type { Metrics } from '../metrics';
import { NO_SPANS, OpenSpan, Spans } from '../tracing';
import { noteTokenAnswer } from './token-answer-log';
import { createSuccessors, sessionGone } from './successors';

export interface RefresherOptions {
  state: TokenStore;
  underLease: UnderLease;
  /** Where the refresh's lease lives (the session's `lock:` key). */
  leaseKey: (sid: string) => string;
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
 * Refresh tokens are single use (docs/securitize.md, "Refresh"), so a refresh must happen exactly
 * once per token across every BFF instance: requests in one process share one promise (a single
 * flight), and across processes the store's lease decides who calls Securitize; everyone else
 * waits and picks up the result, from the session once it is rewritten, or from a short-lived
 * successor record keyed by the spent token for requests that loaded the session just before.
 */
export function createTokenRefresher(opts: RefresherOptions): TokenRefresher {
  const { state, logger } = opts;
  const spans = opts.spans ?? NO_SPANS;
  const flight = createSingleFlight<StoredTokens>();
  const successors = createSuccessors(state, opts.successorTtlMs ?? 60_000);

  /** Ends the session for good and answers 401 session_expired. */
  async function endSession(sid: string, investorId: string, reason: EndReason): Promise<never> {
    await opts.end({ sid, investorId }, reason, logger).catch(() => undefined);
    throw sessionGone(reason);
  }

  const needsRefresh = (t: StoredTokens, rejected?: string) =>
    rejected ? t.accessToken === rejected : t.expiresAt - opts.now() <= opts.marginMs;

  async function refreshHoldingLease(sid: string, investorId: string, loaded: StoredTokens) {
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
    const { accessToken, refreshToken, expiration, expiresAt } = next;
    const tokens: StoredTokens = { accessToken, refreshToken, expiration, expiresAt };
    successors.rememberLocally(loaded.refreshToken, tokens);
    opts.metrics?.refresh('success');
    await successors.persist(sid, loaded.refreshToken, tokens);
    logger.info({ event: 'refresh_success' }, 'tokens refreshed');
    return tokens;
  }

  /** Under the lease: whoever finds the tokens not yet replaced refreshes; the others wait for it. */
  function obtain(sid: string, investorId: string, loaded: StoredTokens): Promise<StoredTokens> {
    // Opened when the first attempt finds the lease taken; every later attempt runs inside it.
    let wait: OpenSpan | undefined;
    return opts.underLease({
      key: opts.leaseKey(sid),
      op: 'refresh_lock',
      ttlMs: opts.lockTtlMs,
      waitMs: opts.waitMs,
      timeoutReason: 'refresh_wait_timeout',
      done: () => successors.rotatedElsewhere(sid, loaded),
      work: () => spans.run('refresh', () => refreshHoldingLease(sid, investorId, loaded)),
      hooks: {
        waitStarted: () => (wait = spans.open('refresh lock wait')),
        renewLost: () => logger.warn({ event: 'refresh_lock_lost' }, 'refresh lock lost while refreshing'),
        ended(outcome, o) {
          if (outcome === 'done_elsewhere' && !o.acquired) opts.metrics?.lockWait(o.waitedMs / 1000);
          const name = outcome === 'done_elsewhere' ? 'refreshed_elsewhere' : outcome;
          if (outcome === 'timeout') wait?.fail('gave up waiting for another refresh');
          if (outcome === 'failed') wait?.fail();
          wait?.set({ 'bff.refresh.wait': name });
          wait?.end();
        },
      },
    });
  }

  return {
    async fresh(sid, investorId, loaded, rejected) {
      if (!needsRefresh(loaded, rejected)) return loaded;
      // This process refreshed that token moments ago: a request that read the session just before
      // the new pair was written needs no lease and no Redis round trip to find it.
      const known = successors.localSuccessor(loaded.refreshToken);
      if (known && !needsRefresh(known, rejected)) return known;
      const key = `${sid}\n${fingerprint(loaded.refreshToken)}`;
      const running = flight.running(key);
      // Another request of this process is refreshing that token: wait for its answer.
      if (running)
        return spans.run('refresh lock wait', () => running, { 'bff.refresh.wait': 'same_process' });
      return flight.run(key, () => obtain(sid, investorId, loaded));
    },
  };
}
