import { AppError } from '../errors';
import type { DomainApi } from '../securitize';
import { createSingleFlight, DomainMapStore } from '../store';
import { createLookupBucket } from './lookup-bucket';

export interface InvestorMapDeps {
  store: DomainMapStore;
  api: Pick<DomainApi, 'investor'>;
  /** Domain API calls at once; more wait, up to `maxWaiting`, and past that the delivery gets a 503. */
  concurrency?: number;
  maxWaiting?: number;
  /** Domain API lookups per second in this process (a bucket of `lookupBurst`); past it: 503. */
  lookupsPerSecond?: number;
  lookupBurst?: number;
}

/** Over the lookup rate: the delivery is answered 503 with Retry-After (Securitize sends it again). */
export const LOOKUP_RATE_REASON = 'domain_api_rate';

/**
 * A domain's `externalId` as a Securitize iD investor id (null: none): from the cache in Redis,
 * else from the Domain API, one call per mapping at a time in this process, a few calls at once
 * and at most `lookupsPerSecond` (20, a burst of 50) overall; every answer, "none" included, is cached (the store says how long).
 */
export function createInvestorMap(deps: InvestorMapDeps) {
  const concurrency = deps.concurrency ?? 4;
  const maxWaiting = deps.maxWaiting ?? 100;
  const flight = createSingleFlight<string | null>();
  const bucket = createLookupBucket({
    perSecond: deps.lookupsPerSecond ?? 20,
    burst: deps.lookupBurst ?? 50,
  });
  let running = 0;
  const waiting: Array<() => void> = [];

  async function limited<T>(work: () => Promise<T>): Promise<T> {
    if (running >= concurrency) {
      if (waiting.length >= maxWaiting)
        throw new AppError('securitize_unavailable', {
          status: 503,
          retryAfterSeconds: 5,
          detail: { reason: 'domain_api_busy' },
        });
      // The slot is handed over by the call that ends (running stays as it is).
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else running += 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  }

  return async function investorOf(domainId: string, externalId: string): Promise<string | null> {
    const cached = await deps.store.get(domainId, externalId);
    if (cached !== undefined) return cached;
    return flight.run(`${domainId}\n${externalId}`, async () => {
      const wait = bucket.take();
      if (wait > 0)
        throw new AppError('securitize_unavailable', {
          status: 503,
          retryAfterSeconds: wait,
          detail: { reason: LOOKUP_RATE_REASON },
        });
      return limited(async () => {
        const found = await deps.api.investor(domainId, externalId);
        const investorId = found?.investorId ?? null;
        await deps.store.put(domainId, externalId, investorId).catch(() => undefined);
        return investorId;
      });
    });
  };
}
