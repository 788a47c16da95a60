import type { Logger } from 'pino';
import type { RedisClient } from '../redis';
import type { Metrics } from '../metrics';
import type { InvestorIndex } from './investor-index';
import { sessionKeys } from './keys';

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

/** A session to end; its investor, when known, names the index entry to drop with it. */
export interface EndTarget {
  sid: string;
  investorId?: string;
}

/** The security events that name what the investor did; every other end is a `session_ended`. */
const EVENT: Partial<Record<EndReason, string>> = {
  logout: 'logout',
  logout_all: 'logout',
  revoked: 'sessions_revoked',
};

/**
 * Every session end in the product goes through `end`: for each session, the session record and
 * everything kept beside it (KYC facts, the facts lease, the refresh lock, successor records: all in
 * the session's hash slot, so one DEL) and its index entry, then one metric count and one log line.
 * `endAll` (log out everywhere, log out other devices) is `end` over the investor's index.
 */
export function createEnder(deps: {
  redis: RedisClient;
  index: InvestorIndex;
  metrics?: Pick<Metrics, 'sessionEnded'>;
}) {
  const { redis, index } = deps;

  async function end(target: EndTarget | EndTarget[], reason: EndReason, log?: Logger): Promise<number> {
    const targets = Array.isArray(target) ? target : [target];
    if (targets.length === 0) return 0;
    const byInvestor = new Map<string, string[]>();
    for (const t of targets)
      if (t.investorId !== undefined)
        byInvestor.set(t.investorId, [...(byInvestor.get(t.investorId) ?? []), t.sid]);
    // One DEL per session: on a Cluster the sessions live in different slots.
    await Promise.all([
      ...targets.map((t) => redis.del(...sessionKeys(t.sid))),
      ...[...byInvestor].map(([investorId, sids]) => index.remove(investorId, sids)),
    ]);
    deps.metrics?.sessionEnded(reason, targets.length);
    // The caller's logger carries the session's hashed handle (sessionLog) where there is a request.
    log?.info(
      {
        event: EVENT[reason] ?? 'session_ended',
        reason,
        ...(targets.length > 1 && { sessionsEnded: targets.length }),
      },
      targets.length > 1 ? 'sessions ended' : 'session ended',
    );
    return targets.length;
  }

  return {
    end,
    /** Every session of the investor but `keep`; returns how many ended. */
    async endAll(
      investorId: string,
      reason: EndReason,
      o: { keep?: string; log?: Logger } = {},
    ): Promise<number> {
      const sids = (await index.sids(investorId)).filter((sid) => sid !== o.keep);
      const ended = await end(
        sids.map((sid) => ({ sid, investorId })),
        reason,
        o.log,
      );
      if (ended === 0)
        o.log?.info({ event: EVENT[reason] ?? 'session_ended', reason, sessionsEnded: 0 }, 'sessions ended');
      return ended;
    },
  };
}

export type Ender = ReturnType<typeof createEnder>;
