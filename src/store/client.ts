import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import Redis, { Cluster, ClusterOptions, RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from '../config';

/** One Redis server (or a Sentinel-managed primary), or a Redis Cluster: the BFF uses either alike. */
export type RedisClient = Redis | Cluster;

/**
 * ioredis with bounded failure (docs/security.md, G1): a frozen Redis answers nothing and keeps the
 * socket open, so only `commandTimeout` bounds it; a small `maxRetriesPerRequest` fails fast on a
 * refused connection. The offline queue stays on so start-up and short reconnects don't fail.
 *
 * Sentinel and Cluster use ioredis's own support (no home-made failover): with sentinels the client
 * asks them for the primary and follows `+switch-master`; with a Cluster it follows the slot map
 * and MOVED/ASK redirections. Every key the BFF writes is used on its own or with keys of the same
 * hash slot (./keys.ts), so every command and script is valid on a Cluster.
 */
export function createRedis(config: RedisConfig, logger: Logger): RedisClient {
  const tls = config.tls ? tlsOptions(config) : undefined;
  const node: RedisOptions = {
    commandTimeout: config.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // Only what is set. (Credentials in a REDIS_URL win over these: ioredis fills in defaults.)
    ...(config.username !== undefined && { username: config.username }),
    ...(config.password !== undefined && { password: config.password }),
    ...(tls && { tls }),
  };
  const retryStrategy = (times: number) => Math.min(times * 100, 1000);
  const t = config.topology;
  let redis: RedisClient;
  if (t.mode === 'cluster') {
    const options: ClusterOptions = {
      enableAutoPipelining: true,
      // While no node is reachable, fail commands at once (503) instead of queueing them with no
      // deadline: REDIS_COMMAND_TIMEOUT_MS only starts once a command reaches a node.
      enableOfflineQueue: false,
      redisOptions: node,
      clusterRetryStrategy: retryStrategy,
      // A failed-over primary's slots move within the cluster's node timeout: retry briefly, then
      // fail (the request gets a 503) rather than queue for long.
      retryDelayOnFailover: 100,
      retryDelayOnClusterDown: 100,
      retryDelayOnTryAgain: 100,
      maxRedirections: 6,
      slotsRefreshTimeout: 1000,
      // Addresses in the slot map are used as announced (no DNS lookup), so with TLS the nodes'
      // certificates must name what they announce (an IP SAN when they announce IPs).
      dnsLookup: (address, callback) => callback(null, address),
    };
    redis = new Cluster(t.nodes, options);
  } else if (t.mode === 'sentinel') {
    redis = new Redis({
      ...node,
      enableAutoPipelining: true,
      retryStrategy,
      sentinels: t.sentinels,
      name: t.name,
      role: 'master',
      sentinelUsername: config.sentinelUsername,
      sentinelPassword: config.sentinelPassword,
      // ioredis: this flag is TLS to the primary (with `tls`); `sentinelTLS` is TLS to the sentinels.
      enableTLSForSentinelMode: config.tls,
      sentinelTLS: config.sentinelTls ? tlsOptions(config) : undefined,
      sentinelCommandTimeout: config.commandTimeoutMs,
      sentinelRetryStrategy: retryStrategy,
      // Subscribe to the sentinels' +switch-master, so a failover is followed at once.
      failoverDetector: true,
      // A demoted primary answers READONLY: reconnect, which asks the sentinels for the new one.
      reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
    });
  } else {
    const options: RedisOptions = { ...node, enableAutoPipelining: true, retryStrategy, lazyConnect: false };
    redis = t.url.startsWith('unix://')
      ? new Redis({ ...options, path: new URL(t.url).pathname })
      : new Redis(t.url, options);
  }
  logReachability(redis, describeRedis(config), logger);
  return redis;
}

/** Where Redis is, for log lines: never a password (a URL's credentials are dropped). */
export function describeRedis(config: RedisConfig): string {
  const t = config.topology;
  const list = (nodes: Array<{ host: string; port: number }>) =>
    nodes.map((n) => `${n.host}:${n.port}`).join(', ');
  if (t.mode === 'cluster') return `the Redis Cluster at ${list(t.nodes)}`;
  if (t.mode === 'sentinel') return `the primary "${t.name}" of the sentinels at ${list(t.sentinels)}`;
  const url = new URL(t.url);
  return url.protocol === 'unix:' ? `Redis at ${url.pathname}` : `Redis at ${url.protocol}//${url.host}`;
}

/**
 * One line when Redis cannot be reached (naming where, and that the BFF keeps retrying: it may
 * come up later, and readiness answers 503 meanwhile), one when it is reached, one when the
 * connection is lost; not a line per retry. Without an 'error' listener ioredis would print each.
 */
function logReachability(redis: RedisClient, where: string, logger: Logger): void {
  let state: 'starting' | 'ready' | 'down' = 'starting';
  redis.on('error', (err: Error) => {
    if (state === 'down') return;
    const wasReady = state === 'ready';
    state = 'down';
    logger.warn(
      { event: wasReady ? 'redis_lost' : 'redis_unreachable', err: { name: err.name, message: err.message } },
      wasReady
        ? `lost the connection to ${where}; retrying (requests that need Redis answer 503 until it is back)`
        : `cannot reach ${where}; the BFF keeps retrying (/readyz answers 503 until it is reached)`,
    );
  });
  redis.on('ready', () => {
    if (state !== 'ready') logger.info({ event: 'redis_ready' }, `connected to ${where}`);
    state = 'ready';
  });
}

function tlsOptions(config: RedisConfig): ConnectionOptions {
  return config.tlsCaFile ? { ca: readFileSync(config.tlsCaFile) } : {};
}

/** Closes the connection after what was sent is answered (QUIT), or at once if that fails. */
export const closeRedis = (redis: RedisClient) =>
  redis.quit().then(
    // QUIT ends the command connection; on Sentinel the client also watches the sentinels for a
    // failover, over connections of their own that only disconnect() closes.
    () => redis.disconnect(),
    () => redis.disconnect(),
  );

/** Whether Redis answers now (readiness: a load balancer stops sending traffic while it does not). */
export async function isReady(redis: RedisClient): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
