import type { KycFacts } from '../policy';
import type { RedisClient } from './client';
import { guarded } from './errors';
import { factsGenKey, factsKey, factsLockKey } from './keys';
import { scriptsOf } from './scripts';
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
 * `drop` deletes them and counts the drop beside them: a fetch that began before it (`mark` is the
 * count it read then) cannot store what it got (`put` refuses, in one script), whatever was
 * stored in between.
 */
export function createFactsStore(redis: RedisClient, codec: TokenCodec, ttlMs: number) {
  const scripts = scriptsOf(redis);
  return {
    get: guarded('facts_get', async (sid: string, investorId: string): Promise<KycFacts | null> => {
      const text = codec.openText(await redis.get(factsKey(sid)), binding(sid, investorId));
      return text === null ? null : parseFacts(text);
    }),
    /** The drop count now ('' for none): read when a fetch begins. */
    mark: guarded(
      'facts_get',
      async (sid: string): Promise<string> => (await redis.get(factsGenKey(sid))) ?? '',
    ),
    /** Stores the facts, unless they were dropped since `mark` was taken; whether they were stored. */
    put: guarded(
      'facts_put',
      async (sid: string, investorId: string, facts: KycFacts, mark?: string): Promise<boolean> => {
        const sealed = codec.sealText(JSON.stringify(facts), binding(sid, investorId));
        return (await scripts.putFacts(factsKey(sid), factsGenKey(sid), sealed, ttlMs, mark ?? '')) === 1;
      },
    ),
    /** Drops the facts of these sessions (one command each: on a Cluster they live in different slots). */
    drop: guarded('facts_drop', async (sids: string[]): Promise<void> => {
      await Promise.all(sids.map((sid) => scripts.dropFacts(factsKey(sid), factsGenKey(sid), ttlMs)));
    }),
    leaseKey: factsLockKey,
  };
}

export type FactsStore = ReturnType<typeof createFactsStore>;
