import type { Ctx } from '../lib/context';
import { pool } from '../lib/http';
import type { LoadSpec } from '../lib/load';
import { callbackPath, INVESTORS, issueCode, loginSucceeded, openLogin, PRODUCT_HEADERS } from '../lib/login';
import { clearSimCalls } from '../lib/sim';
import type { CompareResult } from '../lib/types';
import { compareRounds } from './compare';

const CONNECTIONS = 50;
type Prepared = { path: string; headers: Record<string, string> };

/** Hands out prepared requests one by one; past the end it repeats the last, which then fails visibly. */
function queue(items: Prepared[]): () => Prepared {
  let i = 0;
  return () => items[Math.min(i++, items.length - 1)]!;
}

/**
 * Scenario 3: GET /callback, a full login (transaction check, code exchange, regenerate, save),
 * vs the minimal callback shape. Every request needs its own one-time code (and, for the product,
 * its own login transaction), so each run gets a fresh list, prepared untimed just before it.
 */
export async function scenarioCallback(ctx: Ctx): Promise<CompareResult> {
  const { stack, opts } = ctx;
  const sim = stack.sim.url;
  const baseline = await stack.startBaseline('minimal-callback');
  const count = (round: number) =>
    round < 0 ? opts.sizes.callbackRequests / 4 : opts.sizes.callbackRequests;
  // autocannon builds one request more per connection than it sends: prepare a few spare.
  const prepare = (n: number, fn: (i: number) => Promise<Prepared>) =>
    pool(n + CONNECTIONS + 10, 16, fn).then(queue);
  const spec = (url: string, amount: number, server: number, next: () => Prepared): LoadSpec => ({
    url,
    path: '/callback',
    connections: CONNECTIONS,
    amount,
    next,
    ok: (status, headers) => loginSucceeded(status, headers.location),
    pids: { server, redis: stack.redis.pid, simulator: stack.sim.pid },
  });
  try {
    const result = await compareRounds({
      id: 'S3',
      title: 'GET /callback (a full login)',
      productLabel: 'product GET /callback',
      baselineLabel: 'minimal callback (POST code, regenerate, save, 303)',
      targetRatio: 1.0,
      rounds: opts.rounds,
      connections: CONNECTIONS,
      problems: ctx.problems,
      after: () => clearSimCalls(sim),
      product: async (round) => {
        const n = count(round);
        const next = await prepare(n, async (i) => {
          const pending = await openLogin(stack.product.url);
          const code = await issueCode(sim, INVESTORS[i % INVESTORS.length]!);
          return {
            path: callbackPath(pending, code),
            headers: { ...PRODUCT_HEADERS, cookie: pending.txCookie },
          };
        });
        return spec(stack.product.url, n, stack.product.pid, next);
      },
      baseline: async (round) => {
        const n = count(round);
        const next = await prepare(n, async (i) => {
          const code = await issueCode(sim, INVESTORS[i % INVESTORS.length]!);
          return { path: `/callback?code=${encodeURIComponent(code)}`, headers: {} };
        });
        return spec(baseline.url, n, baseline.pid, next);
      },
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
