import type { Logger } from 'pino';
import type { RedisClient } from '../redis';
import type { Metrics } from '../metrics';
import type { InvestorIndex } from './investor-index';
import { factsKey, sessionKey } from './keys';

/** Why a session ended: the reason on its log line and its metric label (a closed set). */
export type EndReason =
  | 'logout'
  | 'logout_all'
  | 'revoked'
  | 'absolute_timeout'
  | 'unverifiable'
  | 'tokens_unreadable'
  | 'refresh_rejected'
  | 'refresh_unusable'
  | 'refresh_investor_mismatch'
  | 'upstream_401_after_refresh'
  | 'not_stored';

/** The security events that name what the investor did; every other end is a `session_ended`. */
const EVENT: Partial<Record<EndReason, string>> = {
  logout: 'logout',
  logout_all: 'logout',
  revoked: 'sessions_revoked',
};

/**
 * Every session end in the product goes through here: the session key and its index entry are
 * deleted together (one round trip), one metric is counted and one line logged.
 */
export function createEnder(deps: {
  redis: RedisClient;
  index: InvestorIndex;
  metrics?: Pick<Metrics, 'sessionEnded'>;
}) {
  const { redis, index } = deps;
  return {
    async end(target: { sid: string; investorId?: string }, reason: EndReason, log?: Logger): Promise<void> {
      await Promise.all([
        redis.del(sessionKey(target.sid), factsKey(target.sid)),
        target.investorId !== undefined ? index.remove(target.investorId, target.sid) : undefined,
      ]);
      deps.metrics?.sessionEnded(reason);
      // The caller's logger carries the session's hashed handle (sessionLog) where there is a request.
      log?.info({ event: EVENT[reason] ?? 'session_ended', reason }, 'session ended');
    },
    /** Every session of the investor but `keep`; returns how many ended. */
    async endAll(
      investorId: string,
      reason: EndReason,
      o: { keep?: string; log?: Logger } = {},
    ): Promise<number> {
      const ended = await index.revoke(investorId, o.keep);
      deps.metrics?.sessionEnded(reason, ended);
      o.log?.info(
        { event: EVENT[reason] ?? 'session_ended', reason, sessionsEnded: ended },
        'sessions ended',
      );
      return ended;
    },
  };
}

export type Ender = ReturnType<typeof createEnder>;
