import type { BenchResults } from '../lib/types';
import { category, int, mb, ms, table, yes } from './format';

/** S4–S7, one section each. */
export function stormSection(r: BenchResults): string {
  const s = r.s4;
  if (!s) return '';
  return [
    `## S4: refresh storm (${s.concurrency} concurrent requests, ${s.instances} instances)`,
    '',
    `Direct refresh call (\`POST /v1/<clientId>/oauth2/refresh\`, measured by the bench): ${s.directRefreshMs.map(ms).join(', ')}; median ${ms(s.directRefreshMedianMs)}, so the p99 target is ${ms(s.directRefreshMedianMs + 100)}.`,
    '',
    table(
      [
        'Repeat',
        'Upstream refreshes',
        'Refresh-token reuse',
        'Succeeded',
        'p50',
        'p99',
        'max',
        'p99 within target',
        'Same burst, live token: p50 / p99',
      ],
      s.repeats.map((k, i) => [
        i + 1,
        k.refreshes,
        k.refreshTokenReuse,
        `${k.ok}/${k.total}`,
        ms(k.p50Ms),
        ms(k.p99Ms),
        ms(k.maxMs),
        yes(k.p99Ms <= s.directRefreshMedianMs + 100),
        `${ms(k.controlP50Ms)} / ${ms(k.controlP99Ms)}`,
      ]),
    ),
    '',
    ...s.notes.map((n) => `- ${n}`),
  ].join('\n');
}

export function redisSection(r: BenchResults): string {
  const m = r.s5;
  if (!m) return '';
  const p = m.product;
  return [
    '## S5: Redis memory per session',
    '',
    table(
      ['Measurement', 'Sessions', 'Access token (chars)', 'Sealed tokens (chars)', 'Bytes per session'],
      [
        [
          'Through the product (real logins, 9 investors)',
          int(p.sessions),
          int(p.accessTokenChars),
          int(p.sealedChars),
          `**${int(p.bytesPerSession)}**`,
        ],
        ...m.synthetic.map((s) => [
          `Written directly: ${s.label}`,
          int(s.sessions),
          int(s.accessTokenChars),
          int(s.sealedChars),
          `**${int(s.bytesPerSession)}**`,
        ]),
      ],
    ),
    '',
    'Bytes per session = (`used_memory` after − before) ÷ sessions, from an emptied Redis: session keys, index entries, key and expiry overhead included.',
    '',
    `Product path details: stored session JSON ${int(p.storedSessionChars)} characters on average; \`MEMORY USAGE\` of a \`sess:\` key ${int(p.memoryUsageSessKeyAvg)} bytes on average (200 sampled), investor index ${int(p.memoryUsageInvPerEntry)} bytes per entry; keys at the end: ${Object.entries(
      p.keysByPrefix,
    )
      .map(([k, v]) => `\`${k}\` ${int(v)}`)
      .join(', ')}; ${int(p.seconds)} s to create.`,
    '',
    `Target ≤ ${int(m.target)} bytes: ${yes(m.met)}.`,
    '',
    ...m.notes.map((n) => `- ${n}`),
    '- "Written directly" runs use the product\'s own code (`createTokenCodec` from `src/store/seal.ts`, the record format of `src/store/session-record.ts`, with a real stored session as template) and the same keys, values and TTLs as the product writes; only the access token length and the index layout change.',
  ].join('\n');
}

export function processSection(r: BenchResults): string {
  const s = r.s6;
  if (!s) return '';
  return [
    '## S6: memory of the BFF process',
    '',
    table(
      ['Sessions created', 'RSS', 'Heap used', 'Heap total'],
      s.samples.map((k) => [int(k.sessions), mb(k.rssBytes), mb(k.heapUsedBytes), mb(k.heapTotalBytes)]),
    ),
    '',
    `RSS from 1,000 to ${int(s.samples[s.samples.length - 1]!.sessions)} sessions: **${s.rssDeltaBytes >= 0 ? '+' : ''}${mb(s.rssDeltaBytes)}** (target ≤ ${mb(s.targetBytes)}: ${yes(s.met)}).`,
    '',
    `Logins ran at ${int(s.loginsPerSecond)} per second; CPU per login (\`GET /login\`, a code from the simulator, \`GET /callback\`): ${Object.entries(
      s.cpuPerLoginUs,
    )
      .map(([k, v]) => `${k} ${int(v)} µs`)
      .join(', ')}.`,
    '',
    ...s.notes.map((n) => `- ${n}`),
  ].join('\n');
}

export function profileSection(r: BenchResults): string {
  const p = r.s7;
  if (!p) return '';
  const cats = new Map<string, number>();
  for (const k of p.byPackage) cats.set(category(k.name), (cats.get(category(k.name)) ?? 0) + k.percent);
  return [
    '## S7: CPU profile of S1 (`GET /api/me`)',
    '',
    `\`node --cpu-prof\` on a separate product instance under S1's load (-c 50, ${p.seconds} s, ${int(p.reqPerSec)} req/s while profiled); ${int(p.sampledMs)} ms of non-idle samples ${p.windowed ? 'taken during the measured load (start-up and warm-up excluded)' : 'over the whole process life'}, self time.`,
    '',
    table(
      ['Where the time goes', 'Share of CPU'],
      [...cats.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, `${v.toFixed(1)} %`]),
    ),
    '',
    '<details><summary>By package</summary>',
    '',
    table(
      ['Package', 'Self ms', 'Share'],
      p.byPackage.slice(0, 30).map((k) => [k.name, int(k.selfMs), `${k.percent.toFixed(1)} %`]),
    ),
    '',
    '</details>',
    '',
    table(
      ['Function', 'Where', 'Self ms', 'Share'],
      p.topFunctions.map((f) => [
        `\`${f.name}\``,
        f.where ? `\`${f.where}\`` : '',
        int(f.selfMs),
        `${f.percent.toFixed(1)} %`,
      ]),
    ),
  ].join('\n');
}
