import type { BenchResults, CompareResult, FixedRateResult, Side } from '../lib/types';
import { int, ms, table, x, yes } from './format';

const cpu = (v: Record<string, number>, k: string) => int(v[k] ?? NaN);

/** One side's medians as a table row: req/s, p50 / p99, then CPU µs/req of each of `procs`. */
export const sideRow = (label: string, s: Side, procs: string[]) => [
  label,
  int(s.reqPerSec),
  `${ms(s.p50Ms)} / ${ms(s.p99Ms)}`,
  ...procs.map((k) => cpu(s.cpuUsPerReq, k)),
];

/** S1–S3 against their baselines. */
export function throughputSection(r: BenchResults): string {
  const cs = [r.s1, r.s2, r.s3].filter((c): c is CompareResult => c !== undefined);
  if (cs.length === 0) return '';
  const summary = table(
    [
      'Scenario',
      'Product req/s',
      'Baseline req/s',
      'Ratio per round',
      'Ratio (median)',
      'p50 / p99 product',
      'p50 / p99 baseline',
      'CPU µs/req product / baseline',
      'Target',
      'Met',
    ],
    cs.map((c) => [
      `${c.id} ${c.title}`,
      int(c.median.product.reqPerSec),
      int(c.median.baseline.reqPerSec),
      c.rounds.map((k) => x(k.ratio)).join(', '),
      x(c.median.ratio),
      `${ms(c.median.product.p50Ms)} / ${ms(c.median.product.p99Ms)}`,
      `${ms(c.median.baseline.p50Ms)} / ${ms(c.median.baseline.p99Ms)}`,
      `${cpu(c.median.product.cpuUsPerReq, 'server')} / ${cpu(c.median.baseline.cpuUsPerReq, 'server')}`,
      `≥ ${c.targetRatio.toFixed(1)}x`,
      yes(c.met),
    ]),
  );
  const details = cs.map((c) =>
    [
      `### ${c.id}: ${c.productLabel} vs ${c.baselineLabel}`,
      '',
      roundsTable(c, { product: 'Product', baseline: 'Baseline', p: 'P', b: 'B' }),
      '',
      ...c.notes.map((n) => `- ${n}`),
    ].join('\n'),
  );
  return [
    '## Throughput: product against the minimal baselines (S1–S3)',
    '',
    summary,
    '',
    '![Throughput and p99 by scenario](performance.svg)',
    '',
    ...details.flatMap((d) => [d, '']),
  ].join('\n');
}

/** One row per round of a comparison; the sides named as the scenario names them. */
export function roundsTable(
  c: CompareResult,
  n: { product: string; baseline: string; p: string; b: string },
): string {
  return table(
    [
      'Round',
      'First',
      `${n.product} req/s`,
      `${n.baseline} req/s`,
      'Ratio',
      `p50 / p99 ${n.product.toLowerCase()}`,
      `p50 / p99 ${n.baseline.toLowerCase()}`,
      `Server CPU µs/req (${n.p} / ${n.b})`,
      `Redis CPU µs/req (${n.p} / ${n.b})`,
      `Failed (${n.p} / ${n.b})`,
    ],
    c.rounds.map((k) => [
      k.round,
      k.first === 'product' ? n.product.toLowerCase() : n.baseline.toLowerCase(),
      int(k.product.reqPerSec),
      int(k.baseline.reqPerSec),
      x(k.ratio),
      `${ms(k.product.p50Ms)} / ${ms(k.product.p99Ms)}`,
      `${ms(k.baseline.p50Ms)} / ${ms(k.baseline.p99Ms)}`,
      `${cpu(k.product.cpuUsPerReq, 'server')} / ${cpu(k.baseline.cpuUsPerReq, 'server')}`,
      `${cpu(k.product.cpuUsPerReq, 'redis')} / ${cpu(k.baseline.cpuUsPerReq, 'redis')}`,
      `${k.product.failed} / ${k.baseline.failed}`,
    ]),
  );
}

/** S8: the same product with the API rate limiter on (a limit never reached) and off. */
export function rateLimitSection(r: BenchResults): string {
  const c = r.s8;
  if (!c) return '';
  const on = c.median.product;
  const off = c.median.baseline;
  const added = (k: string) => {
    const v = c.addedCpuUsPerReq[k] ?? NaN;
    return Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${int(Math.abs(v))} µs` : 'n/a';
  };
  const k = c.check;
  return [
    `## ${c.id}: ${c.title}`,
    '',
    `\`GET /api/investor\` through to the simulator, -c ${c.connections}, on a product instance started with ` +
      `\`RATE_LIMIT_API=${c.limit}\` (on, a limit this run never reaches: every request pays the limiter's ` +
      'Redis script call, INCR + PEXPIRE in Lua, and none is refused) against the stack’s product with ' +
      '`RATE_LIMIT_API=0` (off, as in every other throughput scenario). Interleaved rounds as above; each side ' +
      'logged in its own session.',
    '',
    table(
      ['Limiter', 'req/s', 'p50 / p99', 'Server CPU µs/req', 'Redis CPU µs/req', 'Simulator CPU µs/req'],
      [
        [
          'On',
          int(on.reqPerSec),
          `${ms(on.p50Ms)} / ${ms(on.p99Ms)}`,
          cpu(on.cpuUsPerReq, 'server'),
          cpu(on.cpuUsPerReq, 'redis'),
          cpu(on.cpuUsPerReq, 'simulator'),
        ],
        [
          'Off',
          int(off.reqPerSec),
          `${ms(off.p50Ms)} / ${ms(off.p99Ms)}`,
          cpu(off.cpuUsPerReq, 'server'),
          cpu(off.cpuUsPerReq, 'redis'),
          cpu(off.cpuUsPerReq, 'simulator'),
        ],
        [
          'On − off (median of the rounds’ differences)',
          '',
          '',
          added('server'),
          added('redis'),
          added('simulator'),
        ],
      ],
    ),
    '',
    `Ratio on/off (median): **${x(c.median.ratio)}** (informational target ≥ ${c.targetRatio.toFixed(1)}x: ` +
      `${yes(c.met)}). CPU per request is counted in 10 ms ticks over each run, so differences of a few µs are ` +
      'within the noise of one round.',
    '',
    roundsTable(c, { product: 'On', baseline: 'Off', p: 'on', b: 'off' }),
    '',
    'Limiter check after the last run (did the limited instance count, and only it?): its session’s key ' +
      `\`rl:api:<handle>\` held ${k.count === null ? 'nothing' : int(k.count)} (the hits of its current 60 s ` +
      `window), ${int(k.otherKeys)} other \`rl:api:\` keys; ${int(k.tooMany)} of the limited instance's ` +
      `${int(k.responses)} answers, warm-up included, were 429.`,
    '',
    ...c.notes.map((n) => `- ${n}`),
  ].join('\n');
}

function rateTable(f: FixedRateResult): string {
  return table(
    [
      'Round',
      'Product p50',
      'Direct p50',
      'Added p50',
      'Product p99',
      'Direct p99',
      'Minimal proxy p50 (added)',
    ],
    f.rounds.map((k) => [
      k.round,
      ms(k.productP50Ms),
      ms(k.directP50Ms),
      ms(k.addedP50Ms),
      ms(k.productP99Ms),
      ms(k.directP99Ms),
      k.baselineP50Ms === undefined ? '–' : `${ms(k.baselineP50Ms)} (${ms(k.baselineAddedP50Ms!)})`,
    ]),
  );
}

/** S2 at a fixed rate: the p50 the product adds over calling the simulator directly. */
export function fixedRateSection(r: BenchResults): string {
  const f = r.s2?.fixedRate;
  if (!r.s2 || !f) return '';
  const max = r.s2.median.product.reqPerSec;
  const c = r.s2.contextRate;
  return [
    `### S2 at a fixed ${f.rate} req/s: latency the product adds`,
    '',
    `Each round: ${f.seconds} s of \`GET /api/investor\` on the product and ${f.seconds} s of the same investor call made directly to the simulator (\`GET /v1/<clientId>/investor\`), sent open-loop at exactly ${f.rate} req/s (one request every ${1000 / f.rate} ms, keep-alive), order alternating. On this machine ${f.rate} req/s is ${Math.round((100 * f.rate) / max)} % of the product's measured maximum for this route (${int(max)} req/s at -c 50), so queueing is part of what the product adds.`,
    '',
    rateTable(f),
    '',
    `Median added p50: **${ms(f.medianAddedP50Ms)}** (target < ${f.targetAddedP50Ms} ms: ${yes(f.met)}).` +
      (f.medianBaselineAddedP50Ms === undefined
        ? ''
        : ` The minimal proxy (express, express-session, connect-redis, one axios call) at the same rate adds ` +
          `**${ms(f.medianBaselineAddedP50Ms)}**: that is the stack's own floor on this machine.`),
    ...(c
      ? [
          '',
          `For context (not a target): the same at ${c.rate} req/s, ${c.seconds} s per run, where neither process is near saturation. Median added p50: **${ms(c.medianAddedP50Ms)}**.`,
          '',
          rateTable(c),
        ]
      : []),
  ].join('\n');
}
