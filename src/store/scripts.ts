import type { RedisClient } from './client';

/**
 * Every Lua script the BFF runs, in one place. Each touches one key, or two of one session's hash
 * slot (so each is valid on a Redis Cluster); ioredis sends EVALSHA and falls back to EVAL when Redis lost its script cache.
 */
const LUA = {
  // Replace the value only if it is still exactly what was read; never create the key (no resurrection).
  compareAndSet: `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[1] then return -1 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1`,
  // A lease is renewed and released only by the owner that took it.
  renewLease: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
  releaseLease: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  // One successor per spent token, in the session's hash; the hash lives as long as its newest entry.
  putSuccessor: `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`,
  // Drop expired entries, make room for the new one among its own kind, add it, and restart the
  // hash's life. ARGV: field, value, ttl seconds, now ms, ttl ms, kind ('1' cross-site), slots.
  putTransaction: `
local entries = redis.call('HGETALL', KEYS[1])
local now, ttlMs, cross = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6] == '1'
local slots = cross and tonumber(ARGV[8]) or tonumber(ARGV[7])
local count, oldest, oldestAt = 0, nil, nil
for i = 1, #entries, 2 do
  local ok, v = pcall(cjson.decode, entries[i + 1])
  if not ok or type(v) ~= 'table' or type(v.createdAt) ~= 'number' or v.createdAt + ttlMs < now
      or v.createdAt > now + ttlMs then
    redis.call('HDEL', KEYS[1], entries[i])
  elseif (v.crossSite == true) == cross then
    count = count + 1
    if oldestAt == nil or v.createdAt < oldestAt then oldest, oldestAt = entries[i], v.createdAt end
  end
end
if count >= slots and oldest then redis.call('HDEL', KEYS[1], oldest) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`,
  // Compare, then delete: a state this browser does not hold consumes nothing.
  takeTransaction: `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v then redis.call('HDEL', KEYS[1], ARGV[1]) end
return v`,
  // Transactions written before several logins per browser: one per cookie, `tx:<id>`, taken only
  // when the state matches. Kept so logins in flight during an upgrade still finish.
  takeLegacyTransaction: `
local v = redis.call('GET', KEYS[1])
if not v then return false end
local ok, tx = pcall(cjson.decode, v)
if not ok or type(tx) ~= 'table' or tx.stateHash ~= ARGV[1] then return false end
redis.call('DEL', KEYS[1])
return v`,
  // One fixed window per key: the first hit starts it, later hits only count.
  countHit: `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {hits, redis.call('PTTL', KEYS[1])}`,
  // Facts (KEYS[1]) are stored only if no drop came since the fetch began: the drop count
  // (KEYS[2], same slot) is still what the fetch read then (ARGV[3], '' for none).
  putFacts: `
local g = redis.call('GET', KEYS[2]) or ''
if g ~= ARGV[3] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`,
  // Drop the facts and count the drop, so a fetch begun before cannot store what it got.
  dropFacts: `
redis.call('DEL', KEYS[1])
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1`,
} as const;

type Arg = string | number;
export interface Scripts {
  compareAndSet(key: string, expected: string, next: string): Promise<number>;
  renewLease(key: string, owner: string, ttlMs: number): Promise<number>;
  releaseLease(key: string, owner: string): Promise<number>;
  putSuccessor(key: string, field: string, value: string, ttlMs: number): Promise<number>;
  putTransaction(key: string, ...args: Arg[]): Promise<number>;
  takeTransaction(key: string, field: string): Promise<string | null>;
  takeLegacyTransaction(key: string, stateHash: string): Promise<string | null>;
  countHit(key: string, windowMs: number): Promise<[number, number]>;
  putFacts(key: string, genKey: string, value: string, ttlMs: number, seen: string): Promise<number>;
  dropFacts(key: string, genKey: string, ttlMs: number): Promise<number>;
}

/** The scripts that touch two keys (of one hash slot: a session's); the others touch one. */
const TWO_KEYS = new Set(['putFacts', 'dropFacts']);

const defined = new WeakMap<RedisClient, Scripts>();

/** The scripts as commands of this client, defined once per client. */
export function scriptsOf(redis: RedisClient): Scripts {
  let scripts = defined.get(redis);
  if (scripts) return scripts;
  const r = redis as unknown as Record<string, (...args: Arg[]) => Promise<unknown>>;
  for (const [name, lua] of Object.entries(LUA))
    redis.defineCommand(`bff_${name}`, { numberOfKeys: TWO_KEYS.has(name) ? 2 : 1, lua });
  scripts = Object.fromEntries(
    Object.keys(LUA).map((name) => [name, (...args: Arg[]) => r[`bff_${name}`]!(...args)]),
  ) as unknown as Scripts;
  defined.set(redis, scripts);
  return scripts;
}
