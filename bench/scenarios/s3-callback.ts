import { CALLBACK_CONNECTIONS, callbackLoad, loginsFor, productLogin } from '../lib/callback-load';
import type { Ctx } from '../lib/context';
import { clearSimCalls } from '../lib/sim';
import type { CompareResult } from '../lib/types';
import { compareRounds } from './compare';

/**
 * Scenario 3: GET /callback, a full login (transaction check, code exchange, regenerate, save),
 * vs the minimal callback shape. Every request needs its own one-time code (and, for the product,
 * its own login transaction), so each run gets a fresh list, prepared untimed just before it.
 */
export async function scenarioCallback(ctx: Ctx): Promise<CompareResult> {
  const { stack, opts } = ctx;
  const baseline = await stack.startBaseline('minimal-callback');
  const count = (round: number) => loginsFor(opts.sizes.callbackRequests, round);
  try {
    const result = await compareRounds({
      id: 'S3',
      title: 'GET /callback (a full login)',
      productLabel: 'product GET /callback',
      baselineLabel: 'minimal callback (POST code, regenerate, save, 303)',
      targetRatio: 1.0,
      rounds: opts.rounds,
      connections: CALLBACK_CONNECTIONS,
      problems: ctx.problems,
      after: () => clearSimCalls(stack.sim.url),
      product: (round) => callbackLoad(stack, stack.product, count(round), productLogin(stack.product.url)),
      baseline: (round) =>
        callbackLoad(stack, baseline, count(round), async (code) => ({
          path: `/callback?code=${encodeURIComponent(code)}`,
          headers: {},
        })),
    });
    result.notes.push(
      `A fixed ${opts.sizes.callbackRequests} logins per run (not a duration). The simulator has only 9 ` +
        'investors, so their index hashes grow by thousands of entries during the run; a login does O(1) work on them.',
    );
    return result;
  } finally {
    await baseline.stop();
  }
}
