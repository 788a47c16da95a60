import { isIP, isIPv4 } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, Store } from 'express-rate-limit';
import type { RedisClient } from '../redis';
import { AppError } from '../errors';

// One fixed window per key: the first hit starts it, later hits only count.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {hits, redis.call('PTTL', KEYS[1])}`;

type Scripted = RedisClient & { bffRateIncrement(key: string, windowMs: number): Promise<[number, number]> };

/**
 * A Redis store for express-rate-limit, so the limit holds across every BFF instance. One script
 * call a request. It talks to Redis only when a request comes in (never at start-up), so a Redis
 * outage can't crash the process; a failing store fails the request like any store failure (503).
 */
function createRedisRateStore(redis: RedisClient, prefix: string, windowMs: number): Store {
  redis.defineCommand('bffRateIncrement', { numberOfKeys: 1, lua: INCREMENT });
  const r = redis as Scripted;
  return {
    prefix,
    async increment(key) {
      const [totalHits, ttl] = await r.bffRateIncrement(prefix + key, windowMs);
      return { totalHits, resetTime: new Date(Date.now() + (ttl > 0 ? ttl : windowMs)) };
    },
    async decrement(key) {
      await r.decr(prefix + key);
    },
    async resetKey(key) {
      await r.del(prefix + key);
    },
  };
}

/**
 * The rate-limit key of an address: IPv4 as it is (also when the socket reports it IPv4-mapped,
 * `::ffff:a.b.c.d`, as a dual-stack listener does), IPv6 by its /56 as express-rate-limit keys it.
 * Same keys as `ipKeyGenerator`, without its IPv6 parser on every IPv4 request.
 */
export function rateLimitKey(ip: string | undefined): string {
  // With TRUST_PROXY set, req.ip is whatever text X-Forwarded-For carried at that hop: anything that
  // is not an address (made-up names, `{hash tags}`) shares one bucket, so no value is a new one.
  if (!ip || isIP(ip) === 0) return 'unknown';
  if (isIPv4(ip)) return ip;
  if (ip.startsWith('::ffff:') && isIPv4(ip.slice(7))) return ip.slice(7);
  return ipKeyGenerator(ip);
}

/**
 * `perMinute` requests per minute per client IP. The IP is Express's `req.ip`, which honours only
 * the configured number of trusted proxy hops, so a spoofed X-Forwarded-For can't dodge the limit.
 */
export function createRateLimit(
  redis: RedisClient,
  name: string,
  perMinute: number,
  keyOf: (req: Request) => string = (req) => rateLimitKey(req.ip),
): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: createRedisRateStore(redis, `rl:${name}:`, 60_000),
    keyGenerator: keyOf,
    // That check looks for a call to ipKeyGenerator in the keyGenerator's source; rateLimitKey makes
    // it for IPv6 (and gives the same keys, test/unit/rate-limit-key.test.ts).
    validate: { keyGeneratorIpFallback: false },
    // The error handler writes the answer, like every other error; on a browser route too, the limit's
    // answer is a 429 with Retry-After for the client, not a redirect to the app.
    handler: (req, res, next) => {
      res.locals.browserRoute = false;
      req.log.warn({ event: 'rate_limited', route: name }, 'rate limit reached');
      const info = (req as { rateLimit?: { resetTime?: Date } }).rateLimit;
      const resetAt = info?.resetTime?.getTime() ?? Date.now() + 60_000;
      next(
        new AppError('rate_limited', {
          retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)),
        }),
      );
    },
  });
}

/**
 * The same limit as a check a handler calls when it decides to count a request (the callback
 * counts only those that matched no login in flight; the API counts per session). Past the limit
 * it throws `rate_limited`. `perMinute` 0 turns it off.
 */
export function createRateCheck(
  redis: RedisClient,
  name: string,
  perMinute: number,
  keyOf: (req: Request) => string = (req) => rateLimitKey(req.ip),
) {
  if (perMinute === 0) return async (): Promise<void> => undefined;
  const store = createRedisRateStore(redis, `rl:${name}:`, 60_000);
  return async (req: Request): Promise<void> => {
    const { totalHits, resetTime } = await store.increment(keyOf(req));
    if (totalHits <= perMinute) return;
    req.log.warn({ event: 'rate_limited', route: name }, 'rate limit reached');
    const retryAfterSeconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? 0) - Date.now()) / 1000));
    throw new AppError('rate_limited', { retryAfterSeconds });
  };
}
