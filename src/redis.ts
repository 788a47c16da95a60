import Redis, { RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export interface RedisSettings {
  url: string;
  commandTimeoutMs: number;
}

/**
 * ioredis with bounded failure (security-bar G1): a frozen Redis answers nothing and keeps the
 * socket open, so only `commandTimeout` bounds it; a small `maxRetriesPerRequest` fails fast on a
 * refused connection. The offline queue stays on so start-up and short reconnects don't fail.
 */
export function createRedis(settings: RedisSettings, logger: Logger): Redis {
  const options: RedisOptions = {
    commandTimeout: settings.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 100, 1000),
    lazyConnect: false,
  };
  const redis = settings.url.startsWith('unix://')
    ? new Redis({ ...options, path: new URL(settings.url).pathname })
    : new Redis(settings.url, options);
  let lastLogged = 0;
  // Without an 'error' listener ioredis would print every reconnect failure; log at most once a second.
  redis.on('error', (err: Error) => {
    const t = Date.now();
    if (t - lastLogged < 1000) return;
    lastLogged = t;
    logger.warn({ event: 'redis_error', err: { name: err.name, message: err.message } }, 'redis error');
  });
  return redis;
}
