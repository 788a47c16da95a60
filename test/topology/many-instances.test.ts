import request from 'supertest';
import { SEEDED } from '../../src/simulator';
import { BffProcess, startBffProcess } from '../helpers/bff-process';
import { Harness, loginAs, processEnv, sidOf, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { startRoundRobinProxy } from './topology';

/**
 * Three real BFF processes (src/main.ts) behind a round-robin proxy that sends each request to the
 * next process: no sticky sessions, so consecutive requests of one browser land on different ones.
 */
let redis: RedisChild;
let h: Harness; // the simulator (and a fourth, in-process instance that is not behind the proxy)
let bffs: BffProcess[];
let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>>;
let url: string;

beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ redis });
  bffs = await Promise.all(
    [0, 1, 2].map(() => startBffProcess(processEnv(h, redis, { REFRESH_LOCK_TTL_MS: '1000' }))),
  );
  proxy = await startRoundRobinProxy(
    bffs.map((b) => ({ host: '127.0.0.1', port: Number(new URL(b.url).port) })),
  );
  url = `http://127.0.0.1:${proxy.port}`;
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
  await Promise.all((bffs ?? []).map((b) => b.kill('SIGTERM')));
  await h?.close();
  await redis?.close();
});

const send = (method: 'get' | 'post', path: string, headers: Record<string, string> = {}) =>
  request(url)[method](path).set(headers).redirects(0);
const api = (method: 'get' | 'post', path: string, cookie: string) =>
  send(method, path, { Cookie: cookie, 'X-CSRF': '1' });
/** Which process served the last proxied request, and which one the next request goes to. */
const lastTarget = () => proxy.served[proxy.served.length - 1]!.target;
const nextTarget = () => proxy.served.length % bffs.length;
/** Sends harmless requests until the proxy's next request goes to process `i`. */
async function steerTo(i: number) {
  while (nextTarget() !== i) await send('get', '/healthz');
}

test('login through one process, the API through another, logout through the third', async () => {
  const login = await loginAs((m, p, hd) => send(m, p, hd), h.simUrl, SEEDED.verified, h.config, {});
  const cookie = login.cookie!;
  expect(login.callback.status).toBe(303);
  expect(login.callback.headers.location).toBe('http://app.test/');
  const loggedInBy = lastTarget(); // the process that answered /callback and created the session
  const apiBy = (loggedInBy + 1) % 3;
  const logoutBy = (loggedInBy + 2) % 3;

  await steerTo(apiBy);
  const me = await api('get', '/api/me', cookie);
  expect([lastTarget(), me.status, me.body.investorId]).toEqual([apiBy, 200, SEEDED.verified]);
  await steerTo(apiBy);
  const investor = await api('get', '/api/investor', cookie);
  expect([lastTarget(), investor.status, investor.body.investorId]).toEqual([apiBy, 200, SEEDED.verified]);

  await steerTo(logoutBy);
  expect((await api('post', '/logout', cookie)).status).toBe(204);
  expect(lastTarget()).toBe(logoutBy);
  expect(new Set([loggedInBy, apiBy, logoutBy]).size).toBe(3);

  // Logged out on every process, not just the one that answered the logout.
  const after = [];
  for (let i = 0; i < 3; i++) {
    after.push([(await api('get', '/api/me', cookie)).status, lastTarget()]);
  }
  expect(after.map(([status]) => status)).toEqual([401, 401, 401]);
  expect(after.map(([, target]) => target).sort()).toEqual([0, 1, 2]);
  expect(await redis.admin.exists(`sess:${sidOf(cookie)}`)).toBe(0);
  // The login's own two requests, /login and /callback, went to two different processes as well.
  const callback = proxy.served.findIndex((s) => s.path.startsWith('/callback/'));
  expect(proxy.served[callback - 1]!.path).toBe('/login');
  expect(proxy.served[callback]!.target).not.toBe(proxy.served[callback - 1]!.target);
});

test.each([1, 2, 3])(
  'refresh storm %i: 150 concurrent calls over three processes with a token Securitize stopped accepting: one refresh',
  async () => {
    const { cookie } = await loginAs((m, p, hd) => send(m, p, hd), h.simUrl, SEEDED.entity, h.config, {});
    h.sim.control.expireAccessTokens(); // every call now answers 401 until the token is refreshed
    const before = h.sim.control.stats();
    const counts = [...proxy.counts];
    const results = await Promise.all(
      Array.from({ length: 150 }, () => api('get', '/api/investor', cookie!)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(150).fill(200));
    expect(proxy.counts.map((c, i) => c - counts[i]!)).toEqual([50, 50, 50]);
    const after = h.sim.control.stats();
    expect(after.refreshes - before.refreshes).toBe(1);
    expect(after.refreshTokenReuse).toBe(0);
  },
  30_000,
);
