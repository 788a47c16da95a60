import type { Logger } from 'pino';
import { isAppError } from '../errors';
import type { KycFacts } from '../policy';
import { kycFactsOf, SecuritizeClient } from '../securitize';
import type { ActiveSession } from '../session';
import { createBoundedMap, createSingleFlight, FactsStore, UnderLease } from '../store';
import type { WithSessionToken } from '../tokens';
import { createEpochs, Epochs } from './epochs';

export interface FactsSourceDeps {
  store: FactsStore;
  underLease: UnderLease;
  securitize: Pick<SecuritizeClient, 'getInvestor'>;
  withAccessToken: WithSessionToken;
  maxAgeMs: number;
  /** The facts' clock (injectable): their age is measured with it. Leases and waits use real time. */
  now: () => number;
  /** How long the fetching instance holds the lease, and how long others wait for its result. */
  leaseMs: number;
  waitMs: number;
  onFetch?: (outcome: 'success' | 'failure') => void;
  /** Drops of an investor's cached facts (freshness.ts): what was cached or began before one is not used. */
  epochs?: Epochs;
}

/** After a failed fetch, decisions that can do without fresh facts stop asking for this long. */
const BACKOFF_MS = 5000;
/** Sessions remembered in this process (facts, and fetch back-offs), oldest out past this many. */
const REMEMBERED = 10_000;

/**
 * The investor's KYC facts for a decision: from beside the session while younger than
 * KYC_FACTS_MAX_AGE, else fetched from Securitize's investor profile with the session's tokens
 * (withAccessToken: refresh and retry included). One fetch at a time per session: in this process
 * through a single flight, across instances through the store's lease, the others waiting for the
 * facts it stores. `required` decides what a failure means: a policy that needs facts fails closed
 * (the error), a decision that needs only the session goes on with what is stored (maybe nothing).
 */
export function createFactsSource(deps: FactsSourceDeps) {
  const { store } = deps;
  const epochs = deps.epochs ?? createEpochs();
  const flight = createSingleFlight<KycFacts>();
  const backoff = createBoundedMap<string, number>(REMEMBERED);
  const memo = createBoundedMap<string, { investorId: string; facts: KycFacts; epoch: number }>(REMEMBERED);
  /** Kept in memory only if no drop of the investor came since `epoch` (when the read or fetch began). */
  const remember = (sid: string, investorId: string, facts: KycFacts | null, epoch: number) => {
    if (facts && epochs.current(investorId, epoch)) memo.set(sid, { investorId, facts, epoch });
    return facts;
  };
  const fresh = (f: KycFacts | null): f is KycFacts => f !== null && deps.now() - f.fetchedAt < deps.maxAgeMs;
  const read = async (sid: string, investorId: string) => {
    const epoch = epochs.of(investorId);
    return remember(sid, investorId, await store.get(sid, investorId), epoch);
  };

  async function fetch(s: ActiveSession, log?: Logger): Promise<KycFacts> {
    const { sid, record } = s;
    const epoch = epochs.of(record.investorId);
    // What the key holds as the fetch begins: a drop after this point refuses the write.
    const mark = await store.mark(sid).catch(() => undefined);
    let facts: KycFacts;
    try {
      const investor = await deps.withAccessToken(s, (token) => deps.securitize.getInvestor(token), log);
      facts = { ...kycFactsOf(investor), fetchedAt: deps.now() };
    } catch (err) {
      deps.onFetch?.('failure');
      throw err;
    }
    deps.onFetch?.('success');
    remember(sid, record.investorId, facts, epoch);
    // Stored for the other instances; this decision has its facts even if the write fails.
    if (mark !== undefined && epochs.current(record.investorId, epoch))
      await store.put(sid, record.investorId, facts, mark).catch(() => undefined);
    return facts;
  }

  /** Whoever holds the lease fetches, unless the facts a holder stored meanwhile are fresh. */
  const obtain = (s: ActiveSession, log?: Logger) =>
    // A fetch begun before a drop is not joined by a decision after it.
    flight.run(`${s.sid}\n${epochs.of(s.record.investorId)}`, () =>
      deps.underLease({
        key: store.leaseKey(s.sid),
        op: 'facts_lock',
        ttlMs: deps.leaseMs,
        waitMs: deps.waitMs,
        timeoutReason: 'facts_wait_timeout',
        maxPauseMs: 50,
        done: async () => {
          const stored = await read(s.sid, s.record.investorId);
          return fresh(stored) ? stored : undefined;
        },
        work: () => fetch(s, log),
      }),
    );

  /** The facts of the session's investor; null only when not required and none could be had. */
  async function factsFor(s: ActiveSession, required: boolean, log?: Logger): Promise<KycFacts | null> {
    const { sid, record } = s;
    // The session was just read live from Redis; facts this process already holds for it, still
    // young enough and not dropped since, need no second round trip.
    const known = memo.get(sid);
    if (
      known?.investorId === record.investorId &&
      epochs.current(known.investorId, known.epoch) &&
      fresh(known.facts)
    )
      return known.facts;
    const stored = await read(sid, record.investorId);
    if (fresh(stored)) return stored;
    if (!required && (backoff.get(sid) ?? 0) > Date.now()) return stored;
    try {
      return await obtain(s, log);
    } catch (err) {
      // A session that ended (or must log in again) is never papered over with old facts.
      if (required || (isAppError(err) && err.status === 401)) throw err;
      backoff.set(sid, Date.now() + BACKOFF_MS);
      return stored;
    }
  }
  /** The facts fetched (or stored by another fetch since the last drop): a recheck after a webhook. */
  factsFor.refetch = (s: ActiveSession, log?: Logger) => obtain(s, log);
  return factsFor;
}

export type FactsSource = ReturnType<typeof createFactsSource>;
