import type { Ctx } from '../lib/context';
import { INVESTORS, login, PRODUCT_HEADERS, tokenPair } from '../lib/login';
import { productSessionBytes, seedBaseline } from '../lib/sessions';
import type { CompareResult } from '../lib/types';
import { compareRounds } from './compare';

const CONNECTIONS = 50;

/** Scenario 1: GET /api/me with a session (helmet, CSRF check, logging, encryption all on) vs the naive stack. */
export async function scenarioMe(ctx: Ctx): Promise<CompareResult> {
  const { stack, opts } = ctx;
  const investor = INVESTORS[1]!;
  const baseline = await stack.startBaseline('minimal-session');
  try {
    const cookie = await login(stack.product.url, stack.sim.url, investor);
    const pair = await tokenPair(stack.sim.url, stack.secrets, investor);
    const seeded = await seedBaseline(baseline.url, stack.redis.admin, 'base-me:', pair);
    const productBytes = await productSessionBytes(stack.redis.admin, cookie);
    const result = await compareRounds({
      id: 'S1',
      title: 'GET /api/me with a session',
      productLabel: 'product GET /api/me',
      baselineLabel: 'minimal session stack GET /me',
      targetRatio: 1.2,
      rounds: opts.rounds,
      connections: CONNECTIONS,
      problems: ctx.problems,
      product: async () => ({
        url: stack.product.url,
        path: '/api/me',
        headers: { ...PRODUCT_HEADERS, cookie, 'x-csrf': '1' },
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => s === 200,
        pids: { server: stack.product.pid, redis: stack.redis.pid },
      }),
      baseline: async () => ({
        url: baseline.url,
        path: '/me',
        headers: { cookie: seeded.cookie },
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => s === 200,
        pids: { server: baseline.pid, redis: stack.redis.pid },
      }),
    });
    result.notes.push(
      `Stored session: product ${productBytes} bytes of JSON (sealed tokens, access token as the simulator issued it), ` +
        `baseline ${seeded.storedBytes} bytes (padded to ~1.5 KB).`,
    );
    return result;
  } finally {
    await baseline.stop();
  }
}
