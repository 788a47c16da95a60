import request from 'supertest';
import { SEEDED } from '../../src/simulator';
import { BffProcess, startBffProcess } from '../helpers/bff-process';
import { Harness, processEnv, sidOf, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

let redis: RedisChild;
let b: Harness;
let a: BffProcess;
beforeAll(async () => {
  redis = await startRedisServer();
  b = await startHarness({ redis, env: { REFRESH_LOCK_TTL_MS: '500' } });
  a = await startBffProcess(
    processEnv(b, redis, { SECURITIZE_TIMEOUT_MS: '10000', REFRESH_LOCK_TTL_MS: '500' }),
  );
}, 30_000);
afterAll(async () => {
  await a.kill();
  await b.close();
  await redis.close();
});

it('a BFF process killed while it holds the refresh lock mid-refresh: another instance takes over within the lease (S8)', async () => {
  const { cookie } = await b.login(SEEDED.verified);
  const sid = sidOf(cookie!);
  b.sim.control.expireAccessTokens();
  b.sim.control.clearCalls();
  const before = b.sim.control.stats();
  b.sim.control.injectFault({ match: { path: /oauth2\/refresh$/ }, kind: 'delay', ms: 8000 });

  // Process A gets a 401, takes the lock and calls refresh, which hangs…
  const doomed = request(a.url)
    .get('/api/investor')
    .set({ Cookie: cookie!, 'X-CSRF': '1' })
    .then(
      (r) => r.status,
      () => 'connection lost',
    );
  const deadline = Date.now() + 10_000;
  while (!b.sim.control.calls().some((c) => c.path.endsWith('/oauth2/refresh'))) {
    if (Date.now() > deadline) throw new Error(`A never called refresh:\n${a.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(await redis.admin.exists(`lock:{sess:${sid}}`)).toBe(1);
  // …and dies. Its refresh never completes, so the token was not spent.
  await a.kill('SIGKILL');
  expect(await doomed).toBe('connection lost');
  const lockLeft = await redis.admin.pttl(`lock:{sess:${sid}}`);
  expect(lockLeft).toBeGreaterThan(0);
  expect(lockLeft).toBeLessThanOrEqual(500);

  const started = Date.now();
  const res = await b.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' });
  const elapsed = Date.now() - started;
  expect(res.status).toBe(200);
  expect(elapsed).toBeLessThan(500 + 1000);
  const after = b.sim.control.stats();
  expect(after.refreshes - before.refreshes).toBe(1);
  expect(after.refreshTokenReuse).toBe(0);
  expect(await redis.admin.exists(`lock:{sess:${sid}}`)).toBe(0);
});
