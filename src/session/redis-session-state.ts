import type { RedisClient } from '../redis';
import type { TokenCodec } from './codec';
import { lockKey, sessionKey, successorKey } from './keys';
import { openTokens, parseRecord, tokenFields, withTokens } from './record';
import { CasResult, fingerprint, SessionStateStore } from './token-state';

// Replace the value only if it is still exactly what was read; never create the key (no resurrection).
const CAS = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[1] then return -1 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1`;

// The lock is renewed and released only by the owner that took it.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
// One successor per spent token, in the session's hash; the hash lives as long as its newest entry.
const PUT_SUCCESSOR = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type Scripted = RedisClient & {
  bffCas(key: string, expected: string, next: string): Promise<number>;
  bffRenew(key: string, owner: string, ttlMs: number): Promise<number>;
  bffRelease(key: string, owner: string): Promise<number>;
  bffPutSuccessor(key: string, field: string, value: string, ttlMs: number): Promise<number>;
};

export function createRedisSessionState(redis: RedisClient, codec: TokenCodec): SessionStateStore {
  // defineCommand sends EVALSHA and falls back to EVAL when Redis lost its script cache.
  redis.defineCommand('bffCas', { numberOfKeys: 1, lua: CAS });
  redis.defineCommand('bffRenew', { numberOfKeys: 1, lua: RENEW });
  redis.defineCommand('bffRelease', { numberOfKeys: 1, lua: RELEASE });
  redis.defineCommand('bffPutSuccessor', { numberOfKeys: 1, lua: PUT_SUCCESSOR });
  const r = redis as Scripted;

  return {
    async read(sid) {
      const raw = await r.get(sessionKey(sid));
      const record = raw === null ? null : parseRecord(raw);
      const tokens = record && openTokens(record, sid, codec);
      return raw !== null && tokens ? { raw, tokens } : null;
    },
    async compareAndSetTokens(sid, raw, tokens): Promise<CasResult> {
      const result = await r.bffCas(sessionKey(sid), raw, withTokens(raw, tokens, sid, codec));
      return result === 1 ? 'written' : result === 0 ? 'gone' : 'changed';
    },
    async putSuccessor(sid, spent, tokens, ttlMs) {
      const bound = { investorId: '', createdAt: 0 };
      const value = JSON.stringify({ ...tokenFields(tokens, sid, bound, codec), ...bound });
      await r.bffPutSuccessor(successorKey(sid), fingerprint(spent), value, ttlMs);
    },
    async getSuccessor(sid, spent) {
      const raw = await r.hget(successorKey(sid), fingerprint(spent));
      const record = raw === null ? null : parseRecord(raw);
      return record && openTokens(record, sid, codec);
    },
    async acquireLock(sid, owner, ttlMs) {
      return (await r.set(lockKey(sid), owner, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async renewLock(sid, owner, ttlMs) {
      return (await r.bffRenew(lockKey(sid), owner, ttlMs)) === 1;
    },
    async releaseLock(sid, owner) {
      await r.bffRelease(lockKey(sid), owner);
    },
  };
}
