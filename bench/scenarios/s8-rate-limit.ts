import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { Ctx } from '../lib/context';
import { INVESTORS, login, PRODUCT_HEADERS } from '../lib/login';
import { fmt, progress } from '../lib/progress';
import { sidOf } from '../lib/sessions';
import { clearSimCalls } from '../lib/sim';
import type { RateLimitCostResult } from '../lib/types';
import { addedCpu, compareRounds } from './compare';

const CONNECTIONS = 50;
/** The config's maximum: per session per minute, far above what one session sends here in a minute. */
const LIMIT = 1_000_000;

/**
 * The limiter's key of a session: `rl:api:` + the product's session handle (`sessionHandle` in
 * src/api/create-api.ts, repeated here: importing it would pull the product's request typings into the
 * bench). Were the two to drift apart, the check below reports the key missing and one "other" key.
 */
const apiLimitKey = (sid: string) =>
  `rl:api:${createHash('sha256').update(`session:${sid}`).digest('base64url').slice(0, 16)}`;

async function keysMatching(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/**
 * Scenario 8: the API rate limiter's own cost. `GET /api/investor` through to the simulator on a
 * product instance with RATE_LIMIT_API on at a limit the run never reaches, against the stack's
 * product (RATE_LIMIT_API=0), in interleaved rounds; each logs in its own session. The difference
 * is the limiter's script call (INCR + PEXPIRE in Lua) on every request.
 */
export async function scenarioRateLimit(ctx: Ctx): Promise<RateLimitCostResult> {
  const { stack, opts } = ctx;
  const investor = INVESTORS[1]!;
  const sim = stack.sim;
  const off = stack.product;
  const on = await stack.startProduct('product-rate-limited', [], { RATE_LIMIT_API: String(LIMIT) });
  try {
    // The same investor on both (the same answer to validate and send), each in its own session.
    const onCookie = await login(on.url, sim.url, investor);
    const offCookie = await login(off.url, sim.url, investor);
    const key = apiLimitKey(sidOf(onCookie));
    const headers = (cookie: string) => ({ ...PRODUCT_HEADERS, cookie, 'x-csrf': '1' });
    const pids = (server: number) => ({ server, redis: stack.redis.pid, simulator: sim.pid });
    let responses = 0;
    let tooMany = 0;
    const result = await compareRounds({
      id: 'S8',
      title: 'API rate limiter’s own cost (RATE_LIMIT_API on vs off)',
      productLabel: `product GET /api/investor, RATE_LIMIT_API=${LIMIT}`,
      baselineLabel: 'the same with RATE_LIMIT_API=0',
      targetRatio: 0.9,
      rounds: opts.rounds,
      connections: CONNECTIONS,
      problems: ctx.problems,
      after: () => clearSimCalls(sim.url),
      product: async () => ({
        url: on.url,
        path: '/api/investor',
        headers: headers(onCookie),
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => {
          responses++;
          if (s === 429) tooMany++;
          return s === 200;
        },
        pids: pids(on.pid),
      }),
      baseline: async () => ({
        url: off.url,
        path: '/api/investor',
        headers: headers(offCookie),
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => s === 200,
        pids: pids(off.pid),
      }),
    });

    const admin = stack.redis.admin;
    const stored = await admin.get(key);
    const count = stored === null ? null : Number(stored);
    const pttlMs = await admin.pttl(key);
    const otherKeys = (await keysMatching(admin, 'rl:api:*')).filter((k) => k !== key).length;
    progress(
      `S8 limiter check: ${key} = ${count ?? 'missing'} (TTL ${fmt.int(pttlMs)} ms), ${otherKeys} other rl:api keys; ` +
        `the limited instance answered ${fmt.int(responses)} requests, ${tooMany} of them 429`,
    );
    if (count === null || count <= 0)
      ctx.problems.push(`S8: the limited instance left no count in Redis (${key}): the limiter was not on`);
    if (tooMany > 0)
      ctx.problems.push(`S8: the limited instance answered 429 ${tooMany} times below its limit of ${LIMIT}`);
    if (otherKeys > 0)
      ctx.problems.push(
        `S8: ${otherKeys} other rl:api keys in Redis: an instance meant to be unlimited counted`,
      );

    const added = addedCpu(result);
    progress(
      `S8 limiter adds per request (median over rounds): server ${fmt.int(added.server ?? NaN)} µs, ` +
        `Redis ${fmt.int(added.redis ?? NaN)} µs CPU`,
    );
    result.notes.push(
      'Both sides are the product built from dist/, on the same Redis and simulator, each with a session of ' +
        'its own for the same investor; only RATE_LIMIT_API differs. The limited side is an instance started ' +
        'for this scenario, the other the stack’s product that the other throughput scenarios use.',
    );
    return {
      ...result,
      limit: LIMIT,
      addedCpuUsPerReq: added,
      check: { key, count, pttlMs, otherKeys, responses, tooMany },
    };
  } finally {
    await on.stop();
  }
}
