import type { RedisClient } from './client';

/** What the doctor reports about Redis: facts only, never a key, a value or a credential. */
export interface RedisFacts {
  version?: string;
  /** `redis_mode` as the server says it: standalone, sentinel or cluster. */
  mode?: string;
  role?: string;
  /** From INFO memory (readable even where CONFIG is disabled, as on managed services). */
  maxmemoryPolicy?: string;
  /** The `save` setting ("" when RDB snapshots are off); undefined when CONFIG GET is refused. */
  save?: string;
  aof?: boolean;
  /** Nodes that answered CLUSTER NODES as primaries, on a Cluster. */
  clusterPrimaries?: number;
}

/** `key:value` lines of an INFO section. */
function infoFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return out;
}

/** One setting by CONFIG GET (a flat list in RESP2, a map in RESP3); undefined when refused. */
async function configValue(redis: RedisClient, name: string): Promise<string | undefined> {
  try {
    const answer = (await redis.config('GET', name)) as unknown;
    const value = Array.isArray(answer) ? answer[1] : (answer as Record<string, unknown> | null)?.[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves once the client is connected (a Cluster refuses commands before it has its slot map);
 * after `timeoutMs`, rejects with the last connection error seen.
 */
function whenReady(redis: RedisClient, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let last: Error | undefined;
    const done = (err?: Error) => {
      clearTimeout(timer);
      redis.off('ready', ready);
      redis.off('error', failed);
      if (err) reject(err);
      else resolve();
    };
    const ready = () => done();
    const failed = (err: Error) => (last = err);
    const timer = setTimeout(() => done(last ?? new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    redis.on('ready', ready);
    redis.on('error', failed);
  });
}

/**
 * Reads the server's version, mode, eviction policy and persistence settings: INFO (server, memory,
 * persistence, replication) and, where allowed, CONFIG GET save. Throws when Redis is not reached
 * within `timeoutMs`.
 */
export async function inspectRedis(redis: RedisClient, timeoutMs: number): Promise<RedisFacts> {
  await whenReady(redis, timeoutMs);
  const info = infoFields(await redis.info());
  const facts: RedisFacts = {
    version: info.redis_version,
    mode: info.redis_mode,
    role: info.role,
    maxmemoryPolicy: info.maxmemory_policy,
    aof: info.aof_enabled === undefined ? undefined : info.aof_enabled === '1',
  };
  // CONFIG is often renamed or refused on managed Redis: what it cannot read is left unknown.
  facts.save = await configValue(redis, 'save');
  facts.maxmemoryPolicy ??= await configValue(redis, 'maxmemory-policy');
  if (info.redis_mode === 'cluster' && 'nodes' in redis)
    facts.clusterPrimaries = redis.nodes('master').length;
  return facts;
}
