import type { Ctx } from '../lib/context';
import { fmt, progress } from '../lib/progress';
import { INVESTORS, login, PRODUCT_HEADERS, tokenPair } from '../lib/login';
import { pacedLoad } from '../lib/paced';
import { seedBaseline } from '../lib/sessions';
import { clearSimCalls } from '../lib/sim';
import { median } from '../lib/stats';
import type { CompareResult, FixedRateResult, FixedRateRound } from '../lib/types';
import { compareRounds } from './compare';

const CONNECTIONS = 50;
const FIXED_RATE = 500;
const CONTEXT_RATE = 100;

/**
 * Scenario 2: GET /api/investor through to the simulator vs the minimal proxy (max throughput),
 * then at a fixed 500 req/s the p50 the product adds over calling the simulator directly.
 */
export async function scenarioInvestor(
  ctx: Ctx,
): Promise<CompareResult & { fixedRate: FixedRateResult; contextRate: FixedRateResult }> {
  const { stack, opts } = ctx;
  const investor = INVESTORS[1]!;
  const sim = stack.sim;
  const baseline = await stack.startBaseline('minimal-proxy');
  try {
    const cookie = await login(stack.product.url, sim.url, investor);
    const pair = await tokenPair(sim.url, stack.secrets, investor);
    const seeded = await seedBaseline(baseline.url, stack.redis.admin, 'base-proxy:', pair);
    const productHeaders = { ...PRODUCT_HEADERS, cookie, 'x-csrf': '1' };
    const pids = (server: number) => ({ server, redis: stack.redis.pid, simulator: sim.pid });
    const result = await compareRounds({
      id: 'S2',
      title: 'GET /api/investor through to the simulator',
      productLabel: 'product GET /api/investor',
      baselineLabel: 'minimal proxy GET /investor (axios)',
      targetRatio: 1.2,
      rounds: opts.rounds,
      connections: CONNECTIONS,
      problems: ctx.problems,
      after: () => clearSimCalls(sim.url),
      product: async () => ({
        url: stack.product.url,
        path: '/api/investor',
        headers: productHeaders,
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => s === 200,
        pids: pids(stack.product.pid),
      }),
      baseline: async () => ({
        url: baseline.url,
        path: '/investor',
        headers: { cookie: seeded.cookie },
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => s === 200,
        pids: pids(baseline.pid),
      }),
    });

    const fixed = (rate: number, rounds: number, seconds: number) =>
      fixedRate(ctx, rate, rounds, seconds, {
        product: `${stack.product.url}/api/investor`,
        productHeaders,
        direct: `${sim.url}/v1/${stack.secrets.clientId}/investor`,
        directHeaders: { authorization: stack.secrets.secret, 'access-token': pair.accessToken },
        baseline: `${baseline.url}/investor`,
        baselineHeaders: { cookie: seeded.cookie },
      });
    const fixedResult = await fixed(FIXED_RATE, opts.rounds, opts.sizes.fixedRateSeconds);
    // The same at a rate this machine is far from saturating, to tell queueing from added work.
    const context = await fixed(
      CONTEXT_RATE,
      Math.min(3, opts.rounds),
      Math.min(3, opts.sizes.fixedRateSeconds),
    );
    result.notes.push(
      `Baseline session ${seeded.storedBytes} bytes as stored. Both call the same simulator process; the product ` +
        'validates and normalises the answer, the baseline passes it through.',
    );
    return { ...result, fixedRate: fixedResult, contextRate: context };
  } finally {
    await baseline.stop();
  }
}

/**
 * Product and direct calls at a fixed rate, alternating which goes first; the p50 the product adds.
 * The minimal proxy runs at the same rate after them, for comparison.
 */
async function fixedRate(
  ctx: Ctx,
  rate: number,
  roundCount: number,
  seconds: number,
  t: {
    product: string;
    productHeaders: Record<string, string>;
    direct: string;
    directHeaders: Record<string, string>;
    baseline: string;
    baselineHeaders: Record<string, string>;
  },
): Promise<FixedRateResult> {
  const sim = ctx.stack.sim.url;
  const product = () => pacedLoad(t.product, t.productHeaders, rate, seconds);
  const direct = () => pacedLoad(t.direct, t.directHeaders, rate, seconds);
  const baseline = () => pacedLoad(t.baseline, t.baselineHeaders, rate, seconds);
  await product();
  await direct();
  await baseline();
  const rounds: FixedRateRound[] = [];
  for (let i = 0; i < roundCount; i++) {
    const productFirst = i % 2 === 0;
    const a = productFirst ? await product() : await direct();
    const b = productFirst ? await direct() : await product();
    const [p, d] = productFirst ? [a, b] : [b, a];
    const base = await baseline();
    await clearSimCalls(sim);
    const added = p.p50Ms - d.p50Ms;
    rounds.push({
      round: i + 1,
      productP50Ms: p.p50Ms,
      directP50Ms: d.p50Ms,
      addedP50Ms: added,
      productP99Ms: p.p99Ms,
      directP99Ms: d.p99Ms,
      baselineP50Ms: base.p50Ms,
      baselineAddedP50Ms: base.p50Ms - d.p50Ms,
    });
    progress(
      `S2 fixed ${rate} req/s round ${i + 1}/${roundCount}: product p50 ${fmt.ms(p.p50Ms)}, ` +
        `direct p50 ${fmt.ms(d.p50Ms)}, added ${fmt.ms(added)}; minimal proxy p50 ${fmt.ms(base.p50Ms)}, ` +
        `added ${fmt.ms(base.p50Ms - d.p50Ms)}`,
    );
    if (base.ok < base.sent)
      ctx.problems.push(
        `S2 at ${rate} req/s round ${i + 1}: ${base.sent - base.ok} baseline requests failed`,
      );
    if (p.ok < p.sent || d.ok < d.sent)
      ctx.problems.push(
        `S2 at ${rate} req/s round ${i + 1}: ${p.sent - p.ok} + ${d.sent - d.ok} requests failed`,
      );
  }
  const medianAdded = median(rounds.map((r) => r.addedP50Ms));
  return {
    rate,
    seconds,
    rounds,
    medianAddedP50Ms: medianAdded,
    medianBaselineAddedP50Ms: median(rounds.map((r) => r.baselineAddedP50Ms!)),
    targetAddedP50Ms: 1,
    met: medianAdded < 1,
  };
}
