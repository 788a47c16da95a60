import { randomBytes } from 'node:crypto';
import type { LoginTransaction, TransactionStore } from '../store';

/**
 * The bound per browser. A login started from the app (or typed, or from a bookmark) can only be
 * pushed out by a sixth such login; a navigation from another site only ever pushes out logins that
 * other sites started, and only from the fourth on. So no single navigation from another site can
 * end a login in flight (docs/login-journeys.md).
 */
export const SAME_SITE_SLOTS = 5;
export const CROSS_SITE_SLOTS = 3;

/** 144 bits from the CSPRNG: the transaction cookie's value. */
export const newBrowserId = () => randomBytes(18).toString('base64url');
/** 256 bits from the CSPRNG; base64url, so it needs no escaping in a URL path or query. */
export const newState = () => randomBytes(32).toString('base64url');
export const STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * What /login remembers until /callback: single use, server-side, several per browser. `take`
 * checks the transaction's age on the BFF's own clock too (Redis expires it on its own).
 */
export function createTransactions(store: TransactionStore, ttlSeconds: number) {
  return {
    put: (browser: string, state: string, tx: LoginTransaction) =>
      store.put(browser, state, tx, {
        ttlSeconds,
        sameSiteSlots: SAME_SITE_SLOTS,
        crossSiteSlots: CROSS_SITE_SLOTS,
      }),
    async take(browser: string, state: string, nowMs: number): Promise<LoginTransaction | null> {
      const tx = await store.take(browser, state);
      return tx && nowMs - tx.createdAt <= ttlSeconds * 1000 ? tx : null;
    },
  };
}

export type Transactions = ReturnType<typeof createTransactions>;
