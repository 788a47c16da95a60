import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request } from 'express';
import { AppError, isAppError } from '../errors';
import type { WithAccessToken } from '../auth';
import type { KycFacts } from '../policy';
import { kycFactsOf, SecuritizeClient } from '../securitize';
import type { FactsStore } from '../session';
import { storeUnavailable } from '../redis-errors';

export interface FactsSourceDeps {
  store: FactsStore;
  securitize: Pick<SecuritizeClient, 'getInvestor'>;
  withAccessToken: WithAccessToken;
  maxAgeMs: number;
  /** The facts' clock (injectable): their age is measured with it. Leases and waits use real time. */
  now: () => number;
  /** How long the fetching instance holds the lease, and how long others wait for its result. */
  leaseMs: number;
  waitMs: number;
  onFetch?: (outcome: 'success' | 'failure') => void;
}

/** After a failed fetch, decisions that can do without fresh facts stop asking for this long. */
const BACKOFF_MS = 5000;
const BACKOFF_ENTRIES = 10_000;
/** Facts remembered in this process (oldest out past this many), so a busy session's decisions skip Redis. */
const MEMO_ENTRIES = 10_000;

/**
 * The investor's KYC facts for a decision: from beside the session while younger than
 * KYC_FACTS_MAX_AGE, else fetched from Securitize's investor profile with the session's tokens
 * (withAccessToken: refresh and retry included). One fetch at a time per session: in this process
 * through a shared promise, across instances through a lease in Redis, the others waiting for the
 * facts it stores. `required` decides what a failure means: a policy that needs facts fails closed
 * (the error), a decision that needs only the session goes on with what is stored (maybe nothing).
 */
export function createFactsSource(deps: FactsSourceDeps) {
  const { store } = deps;
  const inflight = new Map<string, Promise<KycFacts>>();
  const backoff = new Map<string, number>();
  const memo = new Map<string, { investorId: string; facts: KycFacts }>();
  const remember = (sid: string, investorId: string, facts: KycFacts | null) => {
    if (!facts) return facts;
    memo.delete(sid);
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
    memo.set(sid, { investorId, facts });
    return facts;
  };
  const fresh = (f: KycFacts | null): f is KycFacts => f !== null && deps.now() - f.fetchedAt < deps.maxAgeMs;
  const read = (sid: string, investorId: string) =>
    store.get(sid, investorId).then(
      (facts) => remember(sid, investorId, facts),
      (err: unknown) => {
        throw storeUnavailable(err, 'facts_get');
      },
    );

  async function fetchHoldingLease(req: Request, sid: string, investorId: string): Promise<KycFacts> {
    let facts: KycFacts;
    try {
      const investor = await deps.withAccessToken(req, (token) => deps.securitize.getInvestor(token));
      facts = { ...kycFactsOf(investor), fetchedAt: deps.now() };
    } catch (err) {
      deps.onFetch?.('failure');
      throw err;
    }
    deps.onFetch?.('success');
    remember(sid, investorId, facts);
    // Stored for the other instances; this decision has its facts even if the write fails.
    await store.put(sid, investorId, facts).catch(() => undefined);
    return facts;
  }

  async function obtain(req: Request, sid: string, investorId: string): Promise<KycFacts> {
    const started = Date.now();
    let pause = 5;
    for (;;) {
      const owner = randomUUID();
      const leased = await store.lock(sid, owner, deps.leaseMs).catch((err: unknown) => {
        throw storeUnavailable(err, 'facts_lock');
      });
      if (leased) {
        try {
          // Whoever held the lease before stored its facts before letting go: no second fetch.
          const stored = await read(sid, investorId);
          if (fresh(stored)) return stored;
          return await fetchHoldingLease(req, sid, investorId);
        } finally {
          void store.unlock(sid, owner).catch(() => undefined);
        }
      }
      await sleep(pause + Math.random() * pause);
      pause = Math.min(pause * 2, 50);
      const stored = await read(sid, investorId);
      if (fresh(stored)) return stored;
      if (Date.now() - started > deps.waitMs)
        throw new AppError('securitize_unavailable', {
          status: 503,
          retryAfterSeconds: 1,
          detail: { reason: 'facts_wait_timeout' },
        });
    }
  }

  function fetchOnce(req: Request, sid: string, investorId: string): Promise<KycFacts> {
    const running = inflight.get(sid);
    if (running) return running;
    const p = obtain(req, sid, investorId).finally(() => inflight.delete(sid));
    inflight.set(sid, p);
    return p;
  }

  /** The facts of `req.bff`'s investor; null only when not required and none could be had. */
  return async function factsFor(req: Request, required: boolean): Promise<KycFacts | null> {
    const { sid, record } = req.bff!;
    // The session was just read live from Redis; facts this process already holds for it, still
    // young enough, need no second round trip.
    const known = memo.get(sid);
    if (known?.investorId === record.investorId && fresh(known.facts)) return known.facts;
    const stored = await read(sid, record.investorId);
    if (fresh(stored)) return stored;
    if (!required && (backoff.get(sid) ?? 0) > Date.now()) return stored;
    try {
      return await fetchOnce(req, sid, record.investorId);
    } catch (err) {
      // A session that ended (or must log in again) is never papered over with old facts.
      if (required || (isAppError(err) && err.status === 401)) throw err;
      if (backoff.size >= BACKOFF_ENTRIES) backoff.delete(backoff.keys().next().value!);
      backoff.set(sid, Date.now() + BACKOFF_MS);
      return stored;
    }
  };
}

export type FactsSource = ReturnType<typeof createFactsSource>;
