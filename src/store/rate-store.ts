import type { Store } from 'express-rate-limit';
import type { RedisClient } from './client';
import { guarded } from './errors';
import { rateKey } from './keys';
import { scriptsOf } from './scripts';

/**
 * Fixed-window counters in Redis, so a limit holds across every BFF instance: one script call a
 * hit, and nothing at start-up (a Redis outage cannot crash the process; a failing count fails the
 * request with 503 like every store failure).
 */
export function createRateStore(redis: RedisClient) {
  const scripts = scriptsOf(redis);
  const hit = guarded('rate_limit', async (route: string, key: string, windowMs: number) => {
    const [totalHits, ttl] = await scripts.countHit(rateKey(route, key), windowMs);
    return { totalHits, resetTime: new Date(Date.now() + (ttl > 0 ? ttl : windowMs)) };
  });
  return {
    hit,
    /** The same counters as an express-rate-limit store. */
    forRateLimit(route: string, windowMs: number): Store {
      return {
        prefix: `rl:${route}:`,
        increment: (key) => hit(route, key, windowMs),
        decrement: async (key) => void (await redis.decr(rateKey(route, key))),
        resetKey: async (key) => void (await redis.del(rateKey(route, key))),
      };
    },
  };
}

export type RateStore = ReturnType<typeof createRateStore>;
