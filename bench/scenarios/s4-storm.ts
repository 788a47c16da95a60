import { Agent } from 'node:http';
import type { Ctx } from '../lib/context';
import { http, postJson } from '../lib/http';
import { INVESTORS, login, PRODUCT_HEADERS, tokenPair } from '../lib/login';
import { fmt, progress } from '../lib/progress';
import { expireAccessTokens, simStats } from '../lib/sim';
import { median, percentileSorted } from '../lib/stats';
import type { StormRepeat, StormResult } from '../lib/types';

const CONCURRENCY = 200;
const DIRECT_REFRESHES = 5;
const MARGIN_MS = 100;

/** The latency of the refresh call itself: a token pair of our own, refreshed a few times in a chain. */
async function directRefreshMs(ctx: Ctx): Promise<number[]> {
  const { sim, secrets } = ctx.stack;
  let pair = await tokenPair(sim.url, secrets, INVESTORS[1]!);
  const times: number[] = [];
  for (let i = 0; i < DIRECT_REFRESHES; i++) {
    const r = await postJson(
      `${sim.url}/v1/${secrets.clientId}/oauth2/refresh`,
      { refreshToken: pair.refreshToken },
      { authorization: secrets.secret },
    );
    if (r.status !== 200) throw new Error(`direct refresh answered ${r.status}`);
    times.push(r.ms);
    pair = JSON.parse(r.body) as typeof pair;
  }
  return times;
}

/**
 * Scenario 4: 200 concurrent /api/investor calls with an expired access token, split over two
 * product instances on one Redis: exactly one upstream refresh, all succeed, and the p99 stays
 * within the refresh call's own latency plus 100 ms. Connections are opened before the burst
 * (a browser has them open), so the numbers are the servers', not TCP set-up.
 */
export async function scenarioStorm(ctx: Ctx): Promise<StormResult> {
  const { stack, opts } = ctx;
  const a = stack.product;
  const b = await stack.startProduct('product-b');
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const direct = await directRefreshMs(ctx);
    const directMedian = median(direct);
    progress(`S4 direct refresh call: median ${fmt.ms(directMedian)} over ${direct.length}`);
    const repeats: StormRepeat[] = [];
    const target = (i: number) => (i % 2 ? b : a).url;
    for (let rep = 0; rep < opts.sizes.stormRepeats; rep++) {
      const cookie = await login(a.url, stack.sim.url, INVESTORS[1]!);
      const headers = { ...PRODUCT_HEADERS, cookie, 'x-csrf': '1' };
      const burst = () =>
        Promise.all(
          Array.from({ length: CONCURRENCY }, (_, i) =>
            http(`${target(i)}/api/investor`, { headers, agent }),
          ),
        );
      // The same burst with a live token first: it opens the connections and shows what 200 requests
      // at once cost on this machine without any refresh, to read the storm's figures against.
      const control = await burst();
      const controlMs = control.map((r) => r.ms).sort((x, y) => x - y);
      if (control.some((r) => r.status !== 200))
        ctx.problems.push(`S4 repeat ${rep + 1}: the control burst failed`);
      await expireAccessTokens(stack.sim.url);
      const before = await simStats(stack.sim.url);
      const results = await burst();
      const after = await simStats(stack.sim.url);
      const ms = results.map((r) => r.ms).sort((x, y) => x - y);
      const repeat: StormRepeat = {
        controlP50Ms: percentileSorted(controlMs, 50),
        controlP99Ms: percentileSorted(controlMs, 99),
        refreshes: after.refreshes - before.refreshes,
        refreshTokenReuse: after.refreshTokenReuse - before.refreshTokenReuse,
        ok: results.filter((r) => r.status === 200).length,
        total: results.length,
        p50Ms: percentileSorted(ms, 50),
        p99Ms: percentileSorted(ms, 99),
        maxMs: ms[ms.length - 1]!,
      };
      repeats.push(repeat);
      progress(
        `S4 storm ${rep + 1}/${opts.sizes.stormRepeats}: ${repeat.refreshes} refresh(es), ${repeat.ok}/${repeat.total} ok, ` +
          `p50 ${fmt.ms(repeat.p50Ms)}, p99 ${fmt.ms(repeat.p99Ms)}, max ${fmt.ms(repeat.maxMs)} ` +
          `(target p99 ≤ ${fmt.ms(directMedian + MARGIN_MS)}); the same burst with a live token: ` +
          `p50 ${fmt.ms(repeat.controlP50Ms)}, p99 ${fmt.ms(repeat.controlP99Ms)}`,
      );
    }
    const met = repeats.every(
      (r) =>
        r.refreshes === 1 &&
        r.refreshTokenReuse === 0 &&
        r.ok === r.total &&
        r.p99Ms <= directMedian + MARGIN_MS,
    );
    const controlP99 = median(repeats.map((r) => r.controlP99Ms));
    const stormP99 = median(repeats.map((r) => r.p99Ms));
    return {
      concurrency: CONCURRENCY,
      instances: 2,
      directRefreshMs: direct,
      directRefreshMedianMs: directMedian,
      repeats,
      met,
      notes: [
        "Alternate requests go to instance A and B. Expiry is simulated with the simulator's " +
          '`POST /__control/expire-access-tokens` (Securitize answers 401, which triggers the refresh).',
        `The same 200-request burst with a live token (no refresh at all) had a median p99 of ${fmt.ms(controlP99)}; ` +
          `with the expired token the median p99 was ${fmt.ms(stormP99)}. The difference, ${fmt.ms(stormP99 - controlP99)}, ` +
          'is what the refresh (401, lock, refresh call, retry) adds; the rest is 200 requests queueing on two shared cores.',
      ],
    };
  } finally {
    agent.destroy();
    await b.stop();
  }
}
