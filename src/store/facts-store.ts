import type { KycFacts } from '../policy';
import type { RedisClient } from './client';
import { guarded } from './errors';
import { factsKey, factsLockKey } from './keys';
import type { TokenCodec } from './seal';

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
 * memory). They expire with the session's absolute lifetime at the latest and are deleted when the
 * session ends; `leaseKey` is where one instance at a time takes the lease to fetch them.
 */
export function createFactsStore(redis: RedisClient, codec: TokenCodec, ttlMs: number) {
  return {
    get: guarded('facts_get', async (sid: string, investorId: string): Promise<KycFacts | null> => {
      const text = codec.openText(await redis.get(factsKey(sid)), binding(sid, investorId));
      return text === null ? null : parseFacts(text);
    }),
    put: guarded('facts_put', async (sid: string, investorId: string, facts: KycFacts): Promise<void> => {
      const sealed = codec.sealText(JSON.stringify(facts), binding(sid, investorId));
      await redis.set(factsKey(sid), sealed, 'PX', ttlMs);
    }),
    /** Forgets these sessions' facts (one DEL each: on a Cluster they live in different slots). */
    drop: guarded('facts_drop', async (sids: string[]): Promise<void> => {
      await Promise.all(sids.map((sid) => redis.del(factsKey(sid))));
    }),
    leaseKey: factsLockKey,
  };
}

export type FactsStore = ReturnType<typeof createFactsStore>;
