import type { RedisClient } from './client';
import { guarded } from './errors';
import { deliveryKey } from './keys';

/**
 * Webhook deliveries already taken, shared by every instance: the first to claim a body's digest
 * acts on it; the same body again within `ttlMs` is a duplicate. A delivery that could not be
 * acted on (answered 503, to be sent again) gives its claim back.
 */
export function createDeliveryStore(redis: RedisClient) {
  return {
    /** True for the first claim of this digest within ttlMs, false for a duplicate. */
    claim: guarded('delivery', async (digest: string, ttlMs: number) => {
      return (await redis.set(deliveryKey(digest), '1', 'PX', ttlMs, 'NX')) === 'OK';
    }),
    release: guarded('delivery', async (digest: string) => {
      await redis.del(deliveryKey(digest));
    }),
  };
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;
