import { randomUUID } from 'node:crypto';
import type { KycFacts } from '../policy';
import type { RedisClient } from './client';
import { guarded } from './errors';
import { FACTS_TOMBSTONE, factsKey, factsLockKey } from './keys';
import { scriptsOf } from './scripts';
import type { TokenCodec } from './seal';

/** The facts are decisions' input: sealed like the tokens and bound to the session and investor, so an edit in Redis is refused. */
const binding = (sid: string, investorId: string) => `facts\n${sid}\n${investorId}`;
/** Longer than any fetch may take (its lease and the token refresh it may wait for). */
const TOMBSTONE_MS = 5 * 60 * 1000;

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
 * `drop` replaces them with a tombstone: a fetch that began before it (`mark` is what it saw then)
 * cannot write its facts back over it (`put` refuses, in one script).
 */
export function createFactsStore(redis: RedisClient, codec: TokenCodec, ttlMs: number) {
  const scripts = scriptsOf(redis);
  return {
    get: guarded('facts_get', async (sid: string, investorId: string): Promise<KycFacts | null> => {
      const raw = await redis.get(factsKey(sid));
      if (raw === null || raw.startsWith(FACTS_TOMBSTONE)) return null;
      const text = codec.openText(raw, binding(sid, investorId));
      return text === null ? null : parseFacts(text);
    }),
    /** The tombstone the facts key holds now ('' for none): taken when a fetch begins. */
    mark: guarded('facts_get', async (sid: string): Promise<string> => {
      const raw = await redis.get(factsKey(sid));
      return raw?.startsWith(FACTS_TOMBSTONE) ? raw : '';
    }),
    /** Stores the facts, unless they were dropped since `mark` was taken; whether they were stored. */
    put: guarded(
      'facts_put',
      async (sid: string, investorId: string, facts: KycFacts, mark?: string): Promise<boolean> => {
        const sealed = codec.sealText(JSON.stringify(facts), binding(sid, investorId));
        return (await scripts.putFacts(factsKey(sid), sealed, ttlMs, mark ?? '', FACTS_TOMBSTONE)) === 1;
      },
    ),
    /** Drops the facts of these sessions (one command each: on a Cluster they live in different slots). */
    drop: guarded('facts_drop', async (sids: string[]): Promise<void> => {
      const tombstone = FACTS_TOMBSTONE + randomUUID();
      await Promise.all(sids.map((sid) => redis.set(factsKey(sid), tombstone, 'PX', TOMBSTONE_MS)));
    }),
    leaseKey: factsLockKey,
  };
}

export type FactsStore = ReturnType<typeof createFactsStore>;
