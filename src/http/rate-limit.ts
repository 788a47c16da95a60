import { isIP, isIPv4 } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RateStore } from '../store';
import { AppError } from '../errors';

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
  rates: RateStore,
  name: string,
  perMinute: number,
  keyOf: (req: Request) => string = (req) => rateLimitKey(req.ip),
): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: rates.forRateLimit(name, 60_000),
    keyGenerator: keyOf,
    // That check looks for a call to ipKeyGenerator in the keyGenerator's source; rateLimitKey makes
    // it for IPv6 (and gives the same keys, test/http/rate-limit-key.test.ts).
    validate: { keyGeneratorIpFallback: false },
    // The error writer answers, like every other error (a 429 with Retry-After in every mode).
    handler: (req, _res, next) => {
      req.log.warn({ event: 'rate_limited', route: name }, 'rate limit reached');
      const info = (req as { rateLimit?: { resetTime?: Date } }).rateLimit;
      const resetAt = info?.resetTime?.getTime() ?? Date.now() + 60_000;
      next(
        new AppError('rate_limited', {
          retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)),
          // A 429 for the client, also on the browser's own navigation to /login.
          answer: 'status',
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
  rates: RateStore,
  name: string,
  perMinute: number,
  keyOf: (req: Request) => string = (req) => rateLimitKey(req.ip),
) {
  if (perMinute === 0) return async (): Promise<void> => undefined;
  return async (req: Request): Promise<void> => {
    const { totalHits, resetTime } = await rates.hit(name, keyOf(req), 60_000);
    if (totalHits <= perMinute) return;
    req.log.warn({ event: 'rate_limited', route: name }, 'rate limit reached');
    const retryAfterSeconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? 0) - Date.now()) / 1000));
    throw new AppError('rate_limited', { retryAfterSeconds });
  };
}
