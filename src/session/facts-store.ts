import type { RedisClient } from '../redis';
import type { KycFacts } from '../policy';
import type { TokenCodec } from './codec';
import { factsKey, factsLockKey } from './keys';

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The facts are decisions' input: sealed like the tokens and bound to the session and investor, so an edit in Redis is refused. */
const binding = (sid: string, investorId: string) => `facts\n${sid}\n${investorId}`;

function parseFacts(text: string): KycFacts | null {
  try {
    const f = JSON.parse(text) as KycFacts;
    return typeof f.verificationStatus === 'string' && typeof f.fetchedAt === 'number' ? f : null;
  } catch {
    return null;
  }
}

/**
 * An investor's KYC facts kept beside their session (never the assertion: that stays in process
 * memory), with a lease so one instance at a time fetches them. They expire with the session's
 * absolute lifetime at the latest and are deleted when the session ends.
 */
export function createFactsStore(redis: RedisClient, codec: TokenCodec, ttlMs: number) {
  redis.defineCommand('bffFactsRelease', { numberOfKeys: 1, lua: RELEASE });
  const r = redis as RedisClient & { bffFactsRelease(key: string, owner: string): Promise<number> };
  return {
    async get(sid: string, investorId: string): Promise<KycFacts | null> {
      const text = codec.openText(await r.get(factsKey(sid)), binding(sid, investorId));
      return text === null ? null : parseFacts(text);
    },
    async put(sid: string, investorId: string, facts: KycFacts): Promise<void> {
      await r.set(
        factsKey(sid),
        codec.sealText(JSON.stringify(facts), binding(sid, investorId)),
        'PX',
        ttlMs,
      );
    },
    async lock(sid: string, owner: string, leaseMs: number): Promise<boolean> {
      return (await r.set(factsLockKey(sid), owner, 'PX', leaseMs, 'NX')) === 'OK';
    },
    async unlock(sid: string, owner: string): Promise<void> {
      await r.bffFactsRelease(factsLockKey(sid), owner);
    },
  };
}

export type FactsStore = ReturnType<typeof createFactsStore>;
