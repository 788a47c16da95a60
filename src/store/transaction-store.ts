import { createHash } from 'node:crypto';
import type { RedisClient } from './client';
import { guarded } from './errors';
import { legacyTransactionKey, transactionsKey } from './keys';
import { scriptsOf } from './scripts';

/** What /login remembers until /callback, server-side, for one login in flight. */
export interface LoginTransaction {
  returnTo: string;
  createdAt: number;
  /** Started by a navigation from another site. */
  crossSite: boolean;
}

/** The state is found by its hash: Redis holds nothing a browser could present. */
const hashState = (state: string) => createHash('sha256').update(state).digest('base64url');

/**
 * A browser's logins in flight: one hash under its transaction cookie, one field per login (found
 * by the hash of its state), so finishing or failing one never touches another. `put` keeps at most
 * `slots` of the same kind (same-site or cross-site), the oldest going; `take` looks up and deletes
 * in one step, and only for a state this browser holds.
 */
export function createTransactionStore(redis: RedisClient) {
  const scripts = scriptsOf(redis);
  return {
    put: guarded(
      'transaction_put',
      async (
        browser: string,
        state: string,
        tx: LoginTransaction,
        o: { ttlSeconds: number; sameSiteSlots: number; crossSiteSlots: number },
      ) => {
        await scripts.putTransaction(
          transactionsKey(browser),
          hashState(state),
          JSON.stringify(tx),
          o.ttlSeconds,
          tx.createdAt,
          o.ttlSeconds * 1000,
          tx.crossSite ? '1' : '0',
          o.sameSiteSlots,
          o.crossSiteSlots,
        );
      },
    ),
    take: guarded('transaction_take', async (browser: string, state: string) => {
      const stateHash = hashState(state);
      const raw = await scripts.takeTransaction(transactionsKey(browser), stateHash);
      if (raw !== null) return parse(raw);
      // Only a miss looks further: the legacy record shares the cookie value as its id.
      const legacy = await scripts.takeLegacyTransaction(legacyTransactionKey(browser), stateHash);
      return legacy === null ? null : parse(legacy);
    }),
  };
}

export type TransactionStore = ReturnType<typeof createTransactionStore>;

function parse(raw: string): LoginTransaction | null {
  try {
    const v = JSON.parse(raw) as Partial<LoginTransaction>;
    if (typeof v.returnTo === 'string' && typeof v.createdAt === 'number')
      return { returnTo: v.returnTo, createdAt: v.createdAt, crossSite: v.crossSite === true };
  } catch {
    // fall through: a corrupt record is treated as absent
  }
  return null;
}
