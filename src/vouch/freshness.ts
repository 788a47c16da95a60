import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import type { Sessions } from '../session';
import type { Bus } from '../store';
import type { Epochs } from './epochs';
import type { FactsSource } from './facts';
import { createRecheckQueue } from './recheck-queue';

export type DropSource = 'admin' | 'webhook';

export interface FreshnessDeps {
  epochs: Epochs;
  bus: Bus;
  sessions: Pick<Sessions, 'list' | 'byId' | 'facts' | 'endAll'>;
  facts: Pick<FactsSource, 'refetch'>;
  metrics: Pick<Metrics, 'factsInvalidated' | 'recheck'>;
  logger: Logger;
  /** Whether a recheck that finds the status rejected or expired ends the investor's sessions. */
  endOnKycChange: boolean;
}

/** The statuses after which an investor's sessions end (KYC_CHANGE_ENDS_SESSIONS). */
const ENDING = new Set(['rejected', 'expired']);
/** Sessions tried in turn for a recheck (the newest first), when one is gone or cannot be used. */
const TRIES = 3;

/**
 * Pushed freshness: what the BFF holds about an investor can be dropped on every instance at once.
 * `drop` moves this process's epoch for the investor (its cached facts and assertions stop
 * counting), deletes the facts beside each of their sessions in Redis and counts the drop there
 * (so a fetch that began before cannot write old facts back), and tells the other instances on
 * the bus, which move their own epoch. `recheck` (after a webhook) fetches the facts with one of the investor's
 * own sessions, and ends their sessions when Securitize now says rejected or expired.
 */
export function createFreshness(deps: FreshnessDeps) {
  const { epochs, bus, sessions, metrics, logger } = deps;
  bus.subscribe((m) => {
    epochs.bump(m.investorId);
    metrics.factsInvalidated('bus');
  });

  async function drop(investorId: string, source: DropSource): Promise<void> {
    epochs.bump(investorId);
    metrics.factsInvalidated(source);
    const sids = (await sessions.list(investorId)).map((s) => s.sid);
    await Promise.all([sessions.facts.drop(sids), bus.publish(investorId)]);
  }

  async function recheckNow(investorId: string): Promise<void> {
    const list = (await sessions.list(investorId)).sort((a, b) => b.createdAt - a.createdAt);
    for (const entry of list.slice(0, TRIES)) {
      const session = await sessions.byId(entry.sid);
      if (!session || session.record.investorId !== investorId) continue;
      let status: string;
      try {
        status = (await deps.facts.refetch(session, logger)).verificationStatus;
      } catch (err) {
        const e = err as { code?: string; outcome?: string; name?: string };
        logger.warn(
          { event: 'kyc_recheck_failed', cause: e.code ?? e.outcome ?? e.name ?? 'unknown' },
          'KYC recheck after a webhook failed',
        );
        metrics.recheck('failed');
        continue;
      }
      if (deps.endOnKycChange && ENDING.has(status)) {
        const ended = await sessions.endAll(investorId, 'kyc_change', { log: logger });
        logger.info({ event: 'kyc_change_ended_sessions', status, sessionsEnded: ended }, 'sessions ended');
        metrics.recheck('ended');
      } else metrics.recheck('fetched');
      return;
    }
    if (list.length === 0) metrics.recheck('no_session');
  }

  const queue = createRecheckQueue({
    run: (id) => recheckNow(id),
    onShed: () => metrics.recheck('shed'),
    onError: (err) =>
      logger.warn({ event: 'kyc_recheck_failed', cause: (err as Error)?.name ?? 'unknown' }, 'recheck'),
  });

  return {
    drop,
    /** After a webhook: fetch again in the background (one at a time per investor, a few at once overall). */
    recheck: queue.add,
    /** The admin API's refresh: the next decision on any instance fetches from Securitize. */
    refreshFacts: (investorId: string) => drop(investorId, 'admin'),
    /** Settles once no recheck runs or waits (tests, shutdown). */
    idle: queue.idle,
  };
}

export type Freshness = ReturnType<typeof createFreshness>;
