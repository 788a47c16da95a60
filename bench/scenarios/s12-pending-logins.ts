import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import type { Ctx } from '../lib/context';
import { cookieFrom, http, pool } from '../lib/http';
import { PRODUCT_HEADERS, TX_COOKIE } from '../lib/login';
import { fmt, progress } from '../lib/progress';
import { memoryUsage, PrivateRedis } from '../lib/redis';
import type { PendingLoginRun, PendingLoginsResult } from '../lib/types';
import { pendingLoginNotes, worstCase } from './s12-worst-case';

/** The longest returnTo the product keeps (src/login/return-to.ts); one more falls back to `/`. */
export const RETURN_TO_CAP = 1024;
const TYPICAL = '/portfolio';
const TARGET = 2048;
const SAMPLE = 100;

/** A local path of exactly `chars` characters that safeReturnTo keeps as it is. */
function returnToOf(chars: number): string {
  const head = '/portfolio/documents?ref=';
  return head + 'x'.repeat(chars - head.length);
}

/** The Redis key of a browser's logins in flight (src/store/keys.ts). */
const txsKey = (browser: string) => `txs:${createHash('sha256').update(browser).digest('base64url')}`;

/** One cookie-less `GET /login` from `ip`; the browser id of the transaction cookie it set, or null. */
async function startLogin(url: string, returnTo: string, ip: string, crossSite: boolean) {
  const headers: Record<string, string> = { ...PRODUCT_HEADERS, 'x-forwarded-for': ip };
  if (crossSite) headers['sec-fetch-site'] = 'cross-site';
  const r = await http(`${url}/login?returnTo=${encodeURIComponent(returnTo)}`, { headers });
  const cookie = cookieFrom(r.headers, TX_COOKIE);
  return r.status === 302 && cookie ? cookie.slice(TX_COOKIE.length + 1) : null;
}

/** The transaction a browser's key holds, as stored (one login per key here). */
async function storedOf(redis: Redis, browser: string) {
  const values = await redis.hvals(txsKey(browser));
  if (values.length !== 1) return null;
  const v = JSON.parse(values[0]!) as { returnTo: string; crossSite: boolean };
  return { returnTo: v.returnTo, crossSite: v.crossSite, valueChars: values[0]!.length };
}

async function keysOf(redis: Redis): Promise<{ txs: string[]; rl: string[] }> {
  const out = { txs: [] as string[], rl: [] as string[] };
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const k of keys)
      if (k.startsWith('txs:')) out.txs.push(k);
      else if (k.startsWith('rl:login:')) out.rl.push(k);
  } while (cursor !== '0');
  return out;
}

/**
 * Longer than S5's 2.5 s: Redis shrinks an idle client's query buffer (the product's connection
 * holds some 20 KB after a run) only once it has been idle more than 2 whole seconds, and at N=300
 * those 20 KB would move a figure by 70 bytes.
 */
const settle = () => new Promise((r) => setTimeout(r, 4000));

/** used_memory without the clients' buffers (`mem_clients_normal`; the admin's varies by 1 KB). */
async function dataBytes(redis: PrivateRedis): Promise<number> {
  const m = await redis.memoryInfo();
  return m.used_memory! - (m.mem_clients_normal ?? 0);
}

const avgUsage = async (redis: Redis, keys: string[]) => {
  const sample = keys.slice(0, SAMPLE);
  const sizes = await Promise.all(sample.map((k) => memoryUsage(redis, k)));
  return sizes.reduce((s, v) => s + v, 0) / Math.max(1, sizes.length);
};

/**
 * One run: `n` logins, each from its own address, from an emptied Redis; used_memory before and
 * after (settled), then again once the run's rate-limit keys are deleted, which splits the figure
 * into what a pending login costs for LOGIN_TRANSACTION_TTL and what its rate-limit key costs.
 */
async function run(ctx: Ctx, idx: number, label: string, returnTo: string, crossSite: boolean, n: number) {
  const { stack } = ctx;
  const redis = stack.redis.admin;
  await redis.flushall('SYNC');
  await settle();
  const before = await dataBytes(stack.redis);
  let failed = 0;
  let first: string | null = null;
  await pool(n, 16, async (i) => {
    const browser = await startLogin(
      stack.product.url,
      returnTo,
      `10.${idx}.${i >> 8}.${i & 255}`,
      crossSite,
    );
    if (!browser) failed++;
    else if (i === 0) first = browser;
  });
  await settle();
  const after = await dataBytes(stack.redis);
  const keys = await keysOf(redis);
  const stored = first ? await storedOf(redis, first) : null;
  const memory = {
    txs: await avgUsage(redis, keys.txs),
    rateLimit: await avgUsage(redis, keys.rl),
    sampled: Math.min(SAMPLE, keys.txs.length),
    txsEncoding: keys.txs[0] ? String(await redis.object('ENCODING', keys.txs[0])) : '?',
  };
  // Deleted on a connection of its own, closed before measuring (its query buffer would count).
  const writer = new Redis({ path: stack.redis.socket });
  for (let i = 0; i < keys.rl.length; i += 500) await writer.del(...keys.rl.slice(i, i + 500));
  await writer.quit();
  await settle();
  const withoutRl = await dataBytes(stack.redis);
  const result: PendingLoginRun = {
    label,
    returnToChars: returnTo.length,
    crossSite,
    requests: n,
    failed,
    usedMemoryDelta: after - before,
    bytesPerRequest: (after - before) / n,
    bytesPerRateLimitKey: (after - withoutRl) / Math.max(1, keys.rl.length),
    bytesPerPendingLogin: (withoutRl - before) / Math.max(1, keys.txs.length),
    keys: { txs: keys.txs.length, rateLimit: keys.rl.length },
    memoryUsage: memory,
    stored: stored && {
      returnToChars: stored.returnTo.length,
      crossSite: stored.crossSite,
      valueChars: stored.valueChars,
    },
  };
  progress(
    `S12 ${label}: ${fmt.int(result.bytesPerPendingLogin)} bytes per pending login, ` +
      `${fmt.int(result.bytesPerRateLimitKey)} per rate-limit key (${fmt.int(result.bytesPerRequest)} a request, ` +
      `${fmt.int(n)} requests, ${failed} failed; MEMORY USAGE txs ${fmt.int(memory.txs)}, ` +
      `rl ${fmt.int(memory.rateLimit)}, ${memory.txsEncoding})`,
  );
  const problem = (what: string) => ctx.problems.push(`S12 ${label}: ${what}`);
  if (failed > 0) problem(`${failed} of ${n} GET /login got no 302 with a transaction cookie`);
  if (keys.txs.length !== n - failed || keys.rl.length !== n - failed)
    problem(`expected ${n - failed} txs: and rl:login: keys, found ${keys.txs.length} and ${keys.rl.length}`);
  if (!stored || stored.returnTo !== returnTo || stored.crossSite !== crossSite)
    problem(
      `the stored transaction is not the one sent: expected a ${returnTo.length}-character returnTo ` +
        `(crossSite ${crossSite}), found ${stored ? `${stored.returnTo.length} (crossSite ${stored.crossSite})` : 'none'}`,
    );
  return result;
}

/**
 * Scenario 12: what a cookie-less `GET /login`, which anyone can send, leaves in Redis until its
 * transaction is used or expires, with a typical returnTo and with the longest kept (1,024
 * characters), started from the app and from another site; and the worst case that allows.
 */
export async function scenarioPendingLogins(ctx: Ctx): Promise<PendingLoginsResult> {
  const { stack } = ctx;
  const redis = stack.redis.admin;
  const n = ctx.opts.sizes.pendingLogins;
  const long = returnToOf(RETURN_TO_CAP);
  // A small run first, not reported: the product's Lua scripts get cached in Redis, and whatever
  // Redis allocates once for good on the first such run (some 150 KB here) is not counted.
  await run(ctx, 0, 'warm-up, not reported', TYPICAL, false, 50);
  const runs = [
    await run(ctx, 1, `returnTo ${TYPICAL}`, TYPICAL, false, n),
    await run(ctx, 2, `returnTo of ${fmt.int(RETURN_TO_CAP)} characters`, long, false, n),
    await run(ctx, 3, `returnTo of ${fmt.int(RETURN_TO_CAP)} characters, cross-site`, long, true, n),
  ];
  await redis.flushall('SYNC');
  const over = returnToOf(RETURN_TO_CAP + 1);
  const browser = await startLogin(stack.product.url, over, '10.99.0.1', false);
  const stored = browser ? await storedOf(redis, browser) : null;
  const overCap = { sentChars: over.length, stored: stored?.returnTo ?? null, ok: stored?.returnTo === '/' };
  if (!overCap.ok)
    ctx.problems.push(
      `S12: a ${over.length}-character returnTo was stored as ` +
        `${stored ? `${stored.returnTo.length} characters` : 'nothing'}, not as /`,
    );
  await redis.flushall('SYNC');
  const [typical, sameSite, crossSite] = runs as [PendingLoginRun, PendingLoginRun, PendingLoginRun];
  const worstBytes = Math.max(sameSite.bytesPerPendingLogin, crossSite.bytesPerPendingLogin);
  const rateLimitKeyBytes = Math.max(...runs.map((k) => k.bytesPerRateLimitKey));
  const worst = worstCase(worstBytes, sameSite.bytesPerRateLimitKey + crossSite.bytesPerRateLimitKey);
  progress(
    `S12 worst case at the defaults: ${fmt.int(worst.pendingPerAddress)} pending logins an address, ` +
      `${fmt.mb(worst.bytesPerAddress)} per address, ${fmt.gb(worst.bytesPer1000Addresses)} per 1,000 addresses`,
  );
  return {
    runs,
    overCap,
    typicalBytes: typical.bytesPerPendingLogin,
    worstBytes,
    rateLimitKeyBytes,
    worstCase: worst,
    target: TARGET,
    met: worstBytes <= TARGET,
    notes: pendingLoginNotes(runs),
  };
}
