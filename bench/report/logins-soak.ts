import type { BenchResults } from '../lib/types';
import { gb, int, mb, table, yes } from './format';

/** S12: what a cookie-less `GET /login` leaves in Redis, and the worst case at the defaults. */
export function pendingLoginsSection(r: BenchResults): string {
  const p = r.s12;
  if (!p) return '';
  const w = p.worstCase;
  const long = p.runs.filter((k) => k.returnToChars > 100);
  const keptLong = long.every((k) => k.stored?.returnToChars === k.returnToChars);
  return [
    '## S12: Redis bytes per pending login',
    '',
    'A cookie-less `GET /login`, which anyone can send, stores a login transaction in Redis that stays until ' +
      'it is used or LOGIN_TRANSACTION_TTL ends, and counts in a rate-limit key. Each run below sends ' +
      `${int(p.runs[0]?.requests ?? NaN)} of them through the stack’s product, each from an address of its own.`,
    '',
    table(
      [
        'Run',
        'Stored value (chars)',
        '`txs:` encoding',
        '`MEMORY USAGE` txs / rl (avg)',
        'Bytes per request',
        'Bytes per rate-limit key',
        'Bytes per pending login',
      ],
      p.runs.map((k) => [
        `${k.label} (${int(k.requests)} requests, ${k.failed} failed)`,
        k.stored ? int(k.stored.valueChars) : 'not found',
        k.memoryUsage.txsEncoding,
        `${int(k.memoryUsage.txs)} / ${int(k.memoryUsage.rateLimit)}`,
        int(k.bytesPerRequest),
        int(k.bytesPerRateLimitKey),
        `**${int(k.bytesPerPendingLogin)}**`,
      ]),
    ),
    '',
    `Checks: the ${[...new Set(long.map((k) => int(k.returnToChars)))].join(' and ')}-character returnTo, read ` +
      `back from a \`txs:\` hash of each long run, was stored whole: ${yes(keptLong)}; a ` +
      `${int(p.overCap.sentChars)}-character one was stored ` +
      `as \`/\`: ${yes(p.overCap.ok)}${p.overCap.ok ? '' : ` (stored: ${String(p.overCap.stored?.length ?? 'nothing')})`}.`,
    '',
    `Bytes per pending login: typical **${int(p.typicalBytes)}**, worst **${int(p.worstBytes)}** ` +
      `(target ≤ ${int(p.target)}: ${yes(p.met)}); a rate-limit key ${int(p.rateLimitKeyBytes)} bytes at most.`,
    '',
    `Worst case over a transaction’s life at the defaults (RATE_LIMIT_LOGIN=${w.ratePerMinute}, ` +
      `LOGIN_TRANSACTION_TTL=${w.ttlSeconds}): ${w.formula}. Here: 2 × ${w.ratePerMinute} × ` +
      `${w.ttlSeconds} / 60 = ${int(w.pendingPerAddress)} pending logins × ${int(p.worstBytes)} B + the two ` +
      `rate-limit keys = ${mb(w.bytesPerAddress)} per address.`,
    '',
    table(
      ['Sender', 'Pending logins', 'Rate-limit keys', 'Redis memory'],
      [
        [
          'One address',
          int(w.pendingPerAddress),
          int(w.rateLimitKeysPerAddress),
          `**${mb(w.bytesPerAddress)}**`,
        ],
        [
          '1,000 addresses',
          int(1000 * w.pendingPerAddress),
          int(1000 * w.rateLimitKeysPerAddress),
          `**${gb(w.bytesPer1000Addresses)}**`,
        ],
      ],
    ),
    '',
    'It grows with the number of addresses a sender controls (each has its own two buckets); with ' +
      'TRUST_PROXY, an address is what the trusted proxy put in `X-Forwarded-For`, and IPv6 counts by /56.',
    '',
    ...p.notes.map((n) => `- ${n}`),
  ].join('\n');
}
