import pino from 'pino';
import type { Config } from '../config';
import { closeRedis, createRedis, describeRedis, inspectRedis, RedisFacts } from '../store';
import { Check, fail, ok, skip, warn } from './checks';

const LABELS = ['Redis eviction', 'Redis persistence', 'Redis topology'] as const;

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Connects the way the server does (one server, Sentinel or Cluster, from the configuration), with
 * short timeouts, reads what matters for sessions, and closes the connection.
 */
export async function checkRedis(config: Config, timeoutMs: number): Promise<Check[]> {
  const where = describeRedis(config.redis);
  const redis = createRedis(
    { ...config.redis, commandTimeoutMs: Math.min(config.redis.commandTimeoutMs, timeoutMs) },
    pino({ level: 'silent' }),
  );
  let facts: RedisFacts;
  try {
    facts = await withDeadline(inspectRedis(redis, timeoutMs), 2 * timeoutMs);
  } catch (err) {
    redis.disconnect();
    return [
      fail(
        'redis.reach',
        'Redis',
        `cannot reach ${where} (${(err as Error).message.split('\n')[0]})`,
        'start Redis, or correct REDIS_URL (or REDIS_SENTINELS / REDIS_CLUSTER_NODES) and REDIS_PASSWORD',
      ),
      ...LABELS.map((l, i) =>
        skip(['redis.eviction', 'redis.persistence', 'redis.topology'][i]!, l, 'Redis not reached'),
      ),
    ];
  }
  await closeRedis(redis);
  // QUIT leaves a Sentinel client's subscriptions to the sentinels open; disconnect ends them too.
  redis.disconnect();
  return [
    ok('redis.reach', 'Redis', `${where} answers, version ${facts.version ?? 'unknown'}`),
    eviction(facts),
    persistence(facts),
    topology(config, facts),
  ];
}

function eviction(f: RedisFacts): Check {
  const p = f.maxmemoryPolicy;
  const fix =
    'set maxmemory-policy noeviction on the Redis server (redis.conf, or CONFIG SET maxmemory-policy noeviction; on a managed service, its parameter group)';
  if (p === undefined)
    return warn('redis.eviction', 'Redis eviction', 'maxmemory-policy could not be read', fix);
  if (p === 'noeviction')
    return ok('redis.eviction', 'Redis eviction', 'maxmemory-policy noeviction: sessions are never evicted');
  if (p.startsWith('volatile-'))
    return warn(
      'redis.eviction',
      'Redis eviction',
      `maxmemory-policy ${p}: sessions carry a TTL, so they can be evicted when memory runs out`,
      fix,
    );
  return fail(
    'redis.eviction',
    'Redis eviction',
    `maxmemory-policy ${p}: sessions, login transactions and refresh locks can be evicted when memory runs out`,
    fix,
  );
}

function persistence(f: RedisFacts): Check {
  const rdb = f.save !== undefined && f.save.trim() !== '';
  if (f.aof || rdb)
    return ok(
      'redis.persistence',
      'Redis persistence',
      [f.aof && 'AOF on', rdb && `RDB snapshots (save ${f.save})`].filter(Boolean).join(', '),
    );
  const fix =
    'turn on appendonly yes (or a save schedule such as save 3600 1) on the Redis server, or accept that a restart of Redis logs everyone out';
  if (f.save === undefined)
    return warn('redis.persistence', 'Redis persistence', 'AOF off; RDB settings could not be read', fix);
  return warn(
    'redis.persistence',
    'Redis persistence',
    'nothing persists: a Redis restart ends every session',
    fix,
  );
}

function topology(config: Config, f: RedisFacts): Check {
  const t = config.redis.topology;
  if (t.mode === 'cluster')
    return ok('redis.topology', 'Redis topology', `Cluster, ${f.clusterPrimaries ?? '?'} primary node(s)`);
  if (t.mode === 'sentinel')
    return ok(
      'redis.topology',
      'Redis topology',
      `Sentinel, primary "${t.name}" via ${t.sentinels.length} sentinel(s), role ${f.role ?? 'unknown'}`,
    );
  if (f.mode === 'cluster')
    return fail(
      'redis.topology',
      'Redis topology',
      'REDIS_URL names one node of a Redis Cluster',
      'list the nodes in REDIS_CLUSTER_NODES instead of REDIS_URL',
    );
  if (f.role && f.role !== 'master')
    return fail(
      'redis.topology',
      'Redis topology',
      `single server, but it is a ${f.role} (read-only)`,
      'point REDIS_URL at the primary, or use REDIS_SENTINELS with REDIS_SENTINEL_NAME',
    );
  return ok('redis.topology', 'Redis topology', 'single server');
}
