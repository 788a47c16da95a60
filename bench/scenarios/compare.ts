import { fmt, progress } from '../lib/progress';
import { LoadResult, LoadSpec, runLoad } from '../lib/load';
import { median } from '../lib/stats';
import type { CompareResult, CompareRound, Side } from '../lib/types';

export interface CompareOptions {
  id: string;
  title: string;
  productLabel: string;
  baselineLabel: string;
  targetRatio: number;
  rounds: number;
  connections: number;
  /** Builds the load for one run; `round` is -1 for the warm-up. Async: it may prepare data. */
  product: (round: number) => Promise<LoadSpec>;
  baseline: (round: number) => Promise<LoadSpec>;
  /** Runs after every load (e.g. to empty the simulator's call log). */
  after?: () => Promise<void>;
  problems: string[];
}

const toSide = (r: LoadResult): Side => ({
  reqPerSec: r.reqPerSec,
  p50Ms: r.p50Ms,
  p99Ms: r.p99Ms,
  cpuUsPerReq: r.cpuUsPerReq,
  ok: r.ok,
  failed: r.failed,
});

function medianSide(sides: Side[]): Side {
  const m = (f: (s: Side) => number) => median(sides.map(f));
  const cpuKeys = Object.keys(sides[0]?.cpuUsPerReq ?? {});
  return {
    reqPerSec: m((s) => s.reqPerSec),
    p50Ms: m((s) => s.p50Ms),
    p99Ms: m((s) => s.p99Ms),
    cpuUsPerReq: Object.fromEntries(cpuKeys.map((k) => [k, m((s) => s.cpuUsPerReq[k]!)])),
    ok: m((s) => s.ok),
    failed: m((s) => s.failed),
  };
}

/**
 * Product and baseline measured in interleaved rounds after a warm-up of each; the side that goes
 * first alternates, so a machine that gets slower (or faster) during the run affects both alike.
 */
export async function compareRounds(o: CompareOptions): Promise<CompareResult> {
  const run = async (side: 'product' | 'baseline', round: number) => {
    const spec = await (side === 'product' ? o.product(round) : o.baseline(round));
    // Warm-ups are short: long enough for the JIT and connection pools, not worth measuring.
    if (round < 0 && spec.duration !== undefined) spec.duration = Math.min(3, spec.duration);
    const r = await runLoad(spec);
    await o.after?.();
    const label = round < 0 ? 'warm-up' : `round ${round + 1}/${o.rounds}`;
    progress(
      `${o.id} ${label} ${side}: ${fmt.int(r.reqPerSec)} req/s, p50 ${fmt.ms(r.p50Ms)}, p99 ${fmt.ms(r.p99Ms)}, ` +
        `${fmt.int(r.cpuUsPerReq.server ?? NaN)} µs CPU/req, ${r.ok} ok, ${r.failed} failed`,
    );
    if (round >= 0 && r.failed > Math.max(5, r.responses * 0.01))
      o.problems.push(`${o.id} ${side} round ${round + 1}: ${r.failed} of ${r.responses} requests failed`);
    return toSide(r);
  };

  await run('product', -1);
  await run('baseline', -1);
  const rounds: CompareRound[] = [];
  for (let i = 0; i < o.rounds; i++) {
    const first = i % 2 === 0 ? 'product' : 'baseline';
    const a = await run(first, i);
    const b = await run(first === 'product' ? 'baseline' : 'product', i);
    const [product, baseline] = first === 'product' ? [a, b] : [b, a];
    const ratio = product.reqPerSec / baseline.reqPerSec;
    rounds.push({ round: i + 1, first, product, baseline, ratio });
    progress(`${o.id} round ${i + 1}: product/baseline = ${fmt.x(ratio)} (target ≥ ${o.targetRatio}x)`);
  }
  const ratio = median(rounds.map((r) => r.ratio));
  return {
    id: o.id,
    title: o.title,
    productLabel: o.productLabel,
    baselineLabel: o.baselineLabel,
    targetRatio: o.targetRatio,
    connections: o.connections,
    rounds,
    median: {
      product: medianSide(rounds.map((r) => r.product)),
      baseline: medianSide(rounds.map((r) => r.baseline)),
      ratio,
    },
    met: ratio >= o.targetRatio,
    notes: [],
  };
}

/** Median over the rounds of (product − baseline) CPU µs per request, per process: what the product side adds. */
export function addedCpu(result: CompareResult): Record<string, number> {
  const procs = Object.keys(result.median.product.cpuUsPerReq);
  const diff = (p: string) =>
    median(result.rounds.map((k) => (k.product.cpuUsPerReq[p] ?? NaN) - (k.baseline.cpuUsPerReq[p] ?? NaN)));
  return Object.fromEntries(procs.map((p) => [p, diff(p)]));
}
