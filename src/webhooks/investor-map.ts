import { AppError } from '../errors';
import type { DomainApi } from '../securitize';
import { createSingleFlight, DomainMapStore } from '../store';

export interface InvestorMapDeps {
  store: DomainMapStore;
  api: Pick<DomainApi, 'investor'>;
  /** Domain API calls at once; more wait, up to `maxWaiting`, and past that the delivery gets a 503. */
  concurrency?: number;
  maxWaiting?: number;
}

/**
 * A domain's `externalId` as a Securitize iD investor id (null: none): from the cache in Redis,
 * else from the Domain API, one call per mapping at a time in this process and a few calls at
 * once overall; every answer, "none" included, is cached (the store says how long).
 */
export function createInvestorMap(deps: InvestorMapDeps) {
  const concurrency = deps.concurrency ?? 4;
  const maxWaiting = deps.maxWaiting ?? 100;
  const flight = createSingleFlight<string | null>();
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
    return flight.run(`${domainId}\n${externalId}`, () =>
      limited(async () => {
        const found = await deps.api.investor(domainId, externalId);
        const investorId = found?.investorId ?? null;
        await deps.store.put(domainId, externalId, investorId).catch(() => undefined);
        return investorId;
      }),
    );
  };
}
