import type { BenchResults } from '../lib/types';
import { gb, int, mb, ms, table, yes } from './format';
const counts = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(', ') || 'none';

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

/** S13: two instances forwarding to one Node upstream with its default keep-alive, every answer counted. */
export function soakSection(r: BenchResults): string {
  const s = r.s13;
  if (!s) return '';
  const t = s.total;
  const others = (o: Record<string, number>) =>
    counts(Object.fromEntries(Object.entries(o).filter(([k]) => k !== '200' && k !== '502')));
  const u = s.upstream;
  return [
    '## S13: the app-API proxy soak (two instances, one Node upstream with its default keep-alive)',
    '',
    `${Math.round(s.seconds)} s of \`GET /app-api/x/orders\` over two product instances at ` +
      `${int(s.achievedRate)} req/s (planned ${int(s.plannedRate)}): ${int(s.clients)} clients pausing ` +
      `${s.pauseMs.map((v) => v / 1000).join('–')} s between requests, a wave of ${int(s.waveSize)} requests at ` +
      `once on each instance with the same pauses, and ${int(s.backgroundRate)} req/s steady. The upstream ` +
      `answered \`Keep-Alive: ${s.upstreamKeepAlive}\`; the proxies close pooled connections idle for ` +
      `${s.gatewayKeepAliveMs / 1000} s.`,
    '',
    table(
      [
        'Instance',
        'Requests',
        '200',
        '502',
        'Other statuses',
        'Transport errors',
        '`upstream_retry`',
        'Warn/error log lines',
      ],
      [
        ...s.instances.map((k) => [
          k.name,
          int(k.requests),
          int(k.byStatus['200'] ?? 0),
          int(k.byStatus['502'] ?? 0),
          others(k.byStatus),
          counts(k.transportErrors),
          int(k.retries),
          counts(k.logEvents),
        ]),
        [
          '**both**',
          int(t.requests),
          int(t.ok),
          `**${int(t.badGateway)}**`,
          counts(t.other),
          int(t.transportErrors),
          int(t.retries),
          '',
        ],
      ],
    ),
    '',
    `502 answers: **${int(t.badGateway)}** (target 0: ${yes(s.met)}). Latency at the bench: p50 ${ms(t.p50Ms)}, ` +
      `p99 ${ms(t.p99Ms)}.`,
    '',
    ...(u
      ? [
          `What the upstream saw: ${int(u.connections)} connections opened by the proxies, ` +
            `${int(u.closedByClient)} of them closed by the proxies (idle) and ${int(u.closedByServer)} by the ` +
            `upstream itself (its keep-alive timeout: the only closes that can meet a reuse); ${int(u.requests)} ` +
            `requests, the longest idle before a reuse ${(u.longestIdleMs / 1000).toFixed(2)} s.`,
          '',
          table(
            ['Connection idle before a reuse', '< 1 s', '1–3 s', '3–4 s', '4–5 s', '≥ 5 s'],
            [
              [
                'Requests',
                ...['under1000', 'under3000', 'under4000', 'under5000', 'atLeast5000'].map((k) =>
                  int(u.reusedAfterIdle[k] ?? 0),
                ),
              ],
            ],
          ),
          '',
        ]
      : []),
    ...s.notes.map((n) => `- ${n}`),
  ].join('\n');
}
