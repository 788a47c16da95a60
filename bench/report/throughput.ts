import type { BenchResults, CompareResult, FixedRateResult } from '../lib/types';
import { int, ms, table, x, yes } from './format';

const cpu = (v: Record<string, number>, k: string) => int(v[k] ?? NaN);

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
  const details = cs.map((c) => {
    const rows = c.rounds.map((k) => [
      k.round,
      k.first,
      int(k.product.reqPerSec),
      int(k.baseline.reqPerSec),
      x(k.ratio),
      `${ms(k.product.p50Ms)} / ${ms(k.product.p99Ms)}`,
      `${ms(k.baseline.p50Ms)} / ${ms(k.baseline.p99Ms)}`,
      `${cpu(k.product.cpuUsPerReq, 'server')} / ${cpu(k.baseline.cpuUsPerReq, 'server')}`,
      `${cpu(k.product.cpuUsPerReq, 'redis')} / ${cpu(k.baseline.cpuUsPerReq, 'redis')}`,
      `${k.product.failed} / ${k.baseline.failed}`,
    ]);
    return [
      `### ${c.id}: ${c.productLabel} vs ${c.baselineLabel}`,
      '',
      table(
        [
          'Round',
          'First',
          'Product req/s',
          'Baseline req/s',
          'Ratio',
          'p50 / p99 product',
          'p50 / p99 baseline',
          'Server CPU µs/req (P / B)',
          'Redis CPU µs/req (P / B)',
          'Failed (P / B)',
        ],
        rows,
      ),
      '',
      ...c.notes.map((n) => `- ${n}`),
    ].join('\n');
  });
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
