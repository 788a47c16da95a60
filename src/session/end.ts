import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import type { EndTarget, IndexStore, SessionStore } from '../store';

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
  | 'not_stored'
  | 'kyc_change';

/** The security events that name what the investor did; every other end is a `session_ended`. */
const EVENT: Partial<Record<EndReason, string>> = {
  logout: 'logout',
  logout_all: 'logout',
  revoked: 'sessions_revoked',
};

/**
 * Every session end in the product goes through `end`: the store deletes each session with
 * everything kept beside it and its index entries; then one metric count and one log line.
 * `endAll` (log out everywhere, log out other devices) is `end` over the investor's index.
 */
export function createEnder(deps: {
  store: SessionStore;
  index: IndexStore;
  metrics?: Pick<Metrics, 'sessionEnded'>;
}) {
  async function end(target: EndTarget | EndTarget[], reason: EndReason, log?: Logger): Promise<number> {
    const targets = Array.isArray(target) ? target : [target];
    if (targets.length > 0) await deps.store.end(targets);
    if (targets.length > 0) deps.metrics?.sessionEnded(reason, targets.length);
    // The caller's logger carries the session's hashed handle where there is a request.
    const many = Array.isArray(target);
    log?.info(
      { event: EVENT[reason] ?? 'session_ended', reason, ...(many && { sessionsEnded: targets.length }) },
      many ? 'sessions ended' : 'session ended',
    );
    return targets.length;
  }
  return {
    end,
    /** Every session of the investor but `keep`; returns how many ended. */
    async endAll(investorId: string, reason: EndReason, o: { keep?: string; log?: Logger } = {}) {
      const sids = (await deps.index.sids(investorId)).filter((sid) => sid !== o.keep);
      return end(
        sids.map((sid) => ({ sid, investorId })),
        reason,
        o.log,
      );
    },
  };
}

export type Ender = ReturnType<typeof createEnder>;
