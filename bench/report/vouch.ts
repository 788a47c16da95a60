import type { BenchResults, Side, SidesProfile, VouchCompareResult } from '../lib/types';
import { int, ms, table, x, yes } from './format';
import { roundsTable } from './throughput';

const PROCS = ['server', 'redis', 'upstream', 'simulator'] as const;
const cpu = (s: Side, k: string) => s.cpuUsPerReq[k] ?? NaN;
/** CPU µs per request of every process the request went through (all share the two cores). */
export const totalCpu = (s: Side) =>
  PROCS.reduce((sum, k) => sum + (Number.isFinite(cpu(s, k)) ? cpu(s, k) : 0), 0);

/** Median CPU per request by process, both sides, and what the product's side costs more or less. */
function cpuTable(c: VouchCompareResult, names: { product: string; baseline: string }): string {
  const procs = PROCS.filter((k) => k in c.median.product.cpuUsPerReq || k in c.median.baseline.cpuUsPerReq);
  const row = (label: string, s: Side) => [label, ...procs.map((k) => int(cpu(s, k))), int(totalCpu(s))];
  const diff = (k: string) => cpu(c.median.product, k) - cpu(c.median.baseline, k);
  const signed = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${int(Math.abs(v))}` : 'n/a');
  return table(
    ['CPU µs per request (median of the rounds)', ...procs, 'all of them'],
    [
      row(names.product, c.median.product),
      row(names.baseline, c.median.baseline),
      [
        'difference',
        ...procs.map((k) => signed(diff(k))),
        signed(totalCpu(c.median.product) - totalCpu(c.median.baseline)),
      ],
    ],
  );
}

function profileTable(p: SidesProfile): string {
  const names = [...new Set([...p.product.byCategory, ...p.baseline.byCategory].map((k) => k.name))];
  const of = (side: SidesProfile['product'], name: string) =>
    side.byCategory.find((k) => k.name === name)?.usPerReq ?? 0;
  const rows = names
    .map((n) => ({ n, a: of(p.product, n), b: of(p.baseline, n) }))
    .filter((k) => Math.max(k.a, k.b) >= 0.5)
    .sort((u, v) => Math.max(v.a, v.b) - Math.max(u.a, u.b));
  const signed = (v: number) => `${Math.round(v) >= 0 ? '+' : '−'}${int(Math.abs(v))}`;
  return [
    `CPU profiles (\`node --cpu-prof\`, ${p.seconds} s of the same load on a profiled instance of each side, ` +
      `${p.windowed ? 'samples of the measured load only' : 'the whole process life'}): self time per ` +
      `successful request. Profiled throughput: ${p.product.label} ${int(p.product.reqPerSec)} req/s, ` +
      `${p.baseline.label} ${int(p.baseline.reqPerSec)} req/s (the profiler itself costs some).`,
    '',
    table(
      ['Where the time goes (µs per request)', p.product.label, p.baseline.label, 'difference'],
      [
        ...rows.map((k) => [k.n, int(k.a), int(k.b), signed(k.a - k.b)]),
        [
          '**all samples**',
          int(p.product.usPerReq),
          int(p.baseline.usPerReq),
          signed(p.product.usPerReq - p.baseline.usPerReq),
        ],
      ],
    ),
    '',
    `<details><summary>Top functions, ${p.product.label} and ${p.baseline.label}</summary>`,
    '',
    ...[p.product, p.baseline].flatMap((side) => [
      table(
        [`${side.label}: function`, 'Where', 'Share'],
        side.topFunctions.map((f) => [
          `\`${f.name}\``,
          f.where ? `\`${f.where}\`` : '',
          `${f.percent.toFixed(1)} %`,
        ]),
      ),
      '',
    ]),
    '</details>',
  ].join('\n');
}

function scenarioSection(
  c: VouchCompareResult,
  intro: string,
  names: { product: string; baseline: string; p: string; b: string },
): string {
  const checks = table(
    ['Check before the load', 'Expected', 'Got', 'Held'],
    c.checks.map((k) => [k.what, k.expected, k.got, yes(k.ok)]),
  );
  return [
    `### ${c.id}: ${c.productLabel} vs ${c.baselineLabel}`,
    '',
    intro,
    '',
    'POLICY_FILE as the bench wrote it for the product:',
    '',
    '```yaml',
    c.policyFile.trimEnd(),
    '```',
    '',
    checks,
    '',
    `KYC facts fetched from the simulator during the loads (warm-ups included): **${int(c.factsFetches)}** for ` +
      `${int(c.productRequests)} successful product requests` +
      (c.factsFetches === 0
        ? ' (fetched once, by the checks above, then read from the cache beside the session).'
        : ' (fetched again whenever the cached facts were older than KYC_FACTS_MAX_AGE).'),
    '',
    roundsTable(c, names),
    '',
    cpuTable(c, { product: names.product, baseline: names.baseline }),
    '',
    ...(c.profile ? [profileTable(c.profile), ''] : []),
    ...c.notes.map((n) => `- ${n}`),
  ].join('\n');
}

/** S9 and S10: the product vouching for the investor, against its own `/api/me` and the minimal app-API proxy. */
export function vouchSection(r: BenchResults): string {
  const cs = [r.s9, r.s10].filter((c): c is VouchCompareResult => c !== undefined);
  if (cs.length === 0) return '';
  const summary = table(
    [
      'Scenario',
      'Product req/s',
      'Compared with, req/s',
      'Ratio per round',
      'Ratio (median)',
      'p50 / p99 product',
      'p50 / p99 compared with',
      'Server CPU µs/req product / compared with',
      'Target',
      'Met',
    ],
    cs.map((c) => [
      `${c.id} ${c.title}`,
      int(c.median.product.reqPerSec),
      `${int(c.median.baseline.reqPerSec)} (${c.baselineLabel})`,
      c.rounds.map((k) => x(k.ratio)).join(', '),
      x(c.median.ratio),
      `${ms(c.median.product.p50Ms)} / ${ms(c.median.product.p99Ms)}`,
      `${ms(c.median.baseline.p50Ms)} / ${ms(c.median.baseline.p99Ms)}`,
      `${int(cpu(c.median.product, 'server'))} / ${int(cpu(c.median.baseline, 'server'))}`,
      `≥ ${c.targetRatio.toFixed(1)}x`,
      yes(c.met),
    ]),
  );
  const parts = [
    '## Vouching for the investor: forward-auth and the app-API proxy (S9, S10)',
    '',
    summary,
    '',
  ];
  if (r.s9)
    parts.push(
      scenarioSection(
        r.s9,
        'Forward-auth’s `GET /auth` on its own listener against `GET /api/me` on the public port of the **same ' +
          'product process**, with the same session, -c 50 each, in interleaved rounds: what a decision with a ' +
          'policy that needs a KYC fact costs next to the cheapest session read the product has.',
        { product: '/auth', baseline: '/api/me', p: 'auth', b: 'me' },
      ),
      '',
    );
  if (r.s10)
    parts.push(
      scenarioSection(
        r.s10,
        `\`GET /app-api/x/orders\` through the product's app-API proxy against the same request through a minimal app-API proxy ` +
          '(`bench/servers/minimal-gateway.ts`: express 5, express-session and connect-redis with the baselines’ ' +
          'settings, http-proxy-3 `new ProxyServer(...)` with a keep-alive agent, 401 without a session user), ' +
          'both forwarding to one tiny upstream process, -c 50 each, in interleaved rounds. **The product signs an ' +
          'assertion (cached) and checks a policy (facts cached); the baseline does neither.**',
        { product: 'Product', baseline: 'Minimal app-API proxy', p: 'P', b: 'B' },
      ),
      '',
    );
  return parts.join('\n');
}
