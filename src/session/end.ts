import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import type { EndTarget, IndexStore, SessionStore } from '../store';
import { sessionHandle } from './handle';

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
  | 'operator'
  | 'kyc_change'
  | 'not_stored';

/** The security events that name what the investor did; every other end is a `session_ended`. */
const EVENT: Partial<Record<EndReason, string>> = {
  logout: 'logout',
  logout_all: 'logout',
  revoked: 'sessions_revoked',
};

/**
 * Ends that are not the BFF's own doing: the investor's logouts (their own audit event, `logout`)
 * and a session that never was (not stored at login).
 */
const NOT_AN_END_EVENT = new Set<EndReason>(['logout', 'logout_all', 'revoked', 'not_stored']);

/** One session the BFF ended, as the audit trail records it: its handle, never its id. */
export interface EndedSession {
  reason: EndReason;
  /** Who ended it, when an operator did (their token's name). */
  actor?: string;
  session: string;
  investorId?: string;
}

export interface EndOptions {
  log?: Logger;
  actor?: string;
}

/**
 * Every session end in the product goes through `end`: the store deletes each session with
 * everything kept beside it and its index entries; then one metric count, one log line, and for
 * the ends the BFF performs itself one `onEnded` a session (the audit trail's `session_ended`).
 * `endAll` (log out everywhere, log out other devices, an operator's end) is `end` over the index.
 */
export function createEnder(deps: {
  store: SessionStore;
  index: IndexStore;
  metrics?: Pick<Metrics, 'sessionEnded'>;
  onEnded?: (ended: EndedSession) => void;
}) {
  async function end(
    target: EndTarget | EndTarget[],
    reason: EndReason,
    o: Logger | EndOptions = {},
  ): Promise<number> {
    const { log, actor } = 'info' in o ? { log: o as Logger, actor: undefined } : (o as EndOptions);
    const targets = Array.isArray(target) ? target : [target];
    if (targets.length > 0) await deps.store.end(targets);
    if (targets.length > 0) deps.metrics?.sessionEnded(reason, targets.length);
    // The caller's logger carries the session's hashed handle where there is a request.
    const many = Array.isArray(target);
    log?.info(
      { event: EVENT[reason] ?? 'session_ended', reason, ...(many && { sessionsEnded: targets.length }) },
      many ? 'sessions ended' : 'session ended',
    );
    if (deps.onEnded && !NOT_AN_END_EVENT.has(reason))
      for (const t of targets)
        deps.onEnded({ reason, actor, session: sessionHandle(t.sid), investorId: t.investorId });
    return targets.length;
  }
  return {
    end,
    /** Every session of the investor but `keep`; returns how many ended. */
    async endAll(
      investorId: string,
      reason: EndReason,
      o: { keep?: string; log?: Logger; actor?: string } = {},
    ) {
      const sids = (await deps.index.sids(investorId)).filter((sid) => sid !== o.keep);
      return end(
        sids.map((sid) => ({ sid, investorId })),
        reason,
        { log: o.log, actor: o.actor },
      );
    },
  };
}

export type Ender = ReturnType<typeof createEnder>;
