import type { RedisClient } from './client';
import { guarded } from './errors';
import { domainMapKey } from './keys';

/** A mapping found is kept a day; "no such investor" five minutes (it may be linked soon). */
const HIT_MS = 24 * 3600 * 1000;
const MISS_MS = 5 * 60 * 1000;
const NONE = '-';

/**
 * The Domain API's answers, cached across instances: which Securitize iD investor a domain's
 * `externalId` is (or that it is none). The key is a hash, so Redis holds no issuer's key.
 */
export function createDomainMapStore(redis: RedisClient) {
  return {
    /** The investor id, null when known to be unmapped, undefined when not cached. */
    get: guarded('domain_map', async (domainId: string, externalId: string) => {
      const v = await redis.get(domainMapKey(domainId, externalId));
      if (v === null) return undefined;
      return v === NONE ? null : v;
    }),
    put: guarded('domain_map', async (domainId: string, externalId: string, investorId: string | null) => {
      const ttl = investorId === null ? MISS_MS : HIT_MS;
      await redis.set(domainMapKey(domainId, externalId), investorId ?? NONE, 'PX', ttl);
    }),
  };
}

export type DomainMapStore = ReturnType<typeof createDomainMapStore>;
