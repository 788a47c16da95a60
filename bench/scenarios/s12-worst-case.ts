import { fmt } from '../lib/progress';
import type { PendingLoginRun, PendingLoginsResult } from '../lib/types';

/** The product's defaults (src/config/schema.ts): RATE_LIMIT_LOGIN and LOGIN_TRANSACTION_TTL. */
export const DEFAULT_RATE_LIMIT_LOGIN = 30;
export const DEFAULT_LOGIN_TRANSACTION_TTL = 3600;

/**
 * What one address can keep in Redis at the defaults: its two `/login` buckets (its own and
 * `:elsewhere`) each let RATE_LIMIT_LOGIN cookie-less logins a minute through, every one a new
 * browser with a transaction of its own that lives LOGIN_TRANSACTION_TTL; the rate-limit keys live
 * a minute, so at most two at a time. Many addresses: the same each, so it grows with their number.
 */
export function worstCase(
  worstBytes: number,
  rateLimitKeysBytes: number,
  ratePerMinute = DEFAULT_RATE_LIMIT_LOGIN,
  ttlSeconds = DEFAULT_LOGIN_TRANSACTION_TTL,
): PendingLoginsResult['worstCase'] {
  const pendingPerAddress = 2 * ratePerMinute * (ttlSeconds / 60);
  const bytesPerAddress = pendingPerAddress * worstBytes + rateLimitKeysBytes;
  return {
    ratePerMinute,
    ttlSeconds,
    formula:
      '2 × RATE_LIMIT_LOGIN a minute × LOGIN_TRANSACTION_TTL / 60 minutes pending logins × the worst bytes per ' +
      'pending login, + 2 rate-limit keys (`rl:login:<ip>` and `rl:login:<ip>:elsewhere`, a minute each); ' +
      'for many addresses, that × the number of addresses',
    pendingPerAddress,
    rateLimitKeysPerAddress: 2,
    bytesPerAddress,
    bytesPer1000Addresses: 1000 * bytesPerAddress,
  };
}

/** How S12 measured, and what its figures mean; `runs` as measured (typical, long, long cross-site). */
export function pendingLoginNotes(runs: PendingLoginRun[]): string[] {
  const [typical, long] = runs;
  const encodings = [...new Set(runs.map((k) => k.memoryUsage.txsEncoding))].join(', ');
  const value = (k?: PendingLoginRun) => (k?.stored ? fmt.int(k.stored.valueChars) : '?');
  return [
    'Each run starts from an emptied Redis and sends its cookie-less `GET /login` requests through the stack’s ' +
      'product, 16 at a time, each with an `X-Forwarded-For` address of its own (TRUST_PROXY=1), so each leaves one ' +
      'login transaction (`txs:<hash of a new browser cookie>`, a hash with one field) and one rate-limit key ' +
      '(`rl:login:<ip>`, or `rl:login:<ip>:elsewhere` with `Sec-Fetch-Site: cross-site`). Memory is ' +
      '`used_memory` − `mem_clients_normal` (the connections’ buffers are not data), read 4 s after the last ' +
      'command, once Redis’s client cron has shrunk idle connections’ buffers (as S5 waits, a little longer). ' +
      'A first run of 50, not reported, lets Redis make its one-off allocations (the product’s scripts among them).',
    'Bytes per pending login = `used_memory` once the run’s rate-limit keys were deleted (on a connection of the ' +
      'bench’s own, closed before reading) − before, ÷ the `txs:` keys; bytes per rate-limit key = what deleting ' +
      'them freed ÷ their count. Both include Redis’s per-key overhead (dictionary entries, the expiry entry); ' +
      'the main dictionary keeps its buckets when half its keys go (Redis shrinks a dictionary below 10 % fill ' +
      'only), so that share stays with the pending logins.',
    `The stored value is \`{"returnTo":…,"createdAt":…,"crossSite":…}\`: ${value(typical)} characters with ` +
      `\`${typical?.stored ? '/portfolio' : '?'}\`, ${value(long)} with the longest returnTo kept. Redis stores ` +
      'a hash whose values are all 64 bytes or shorter compactly (a listpack, `hash-max-listpack-value`), ' +
      `a longer one as a hash table; the \`txs:\` keys here were ${encodings}.`,
    'The worst case counts only the two `/login` buckets of one address; 2 × RATE_LIMIT_LOGIN a minute holds ' +
      'to within one window (the limit is a fixed 60 s window from its first hit). An address’s own bucket ' +
      'and its cross-site one count apart by design, so a page elsewhere cannot lock the investor out ' +
      '(src/bff-router.ts); the bound per browser (5 + 3 logins) does not apply, since every cookie-less ' +
      'request is a new browser.',
  ];
}
