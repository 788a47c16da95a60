import { SEEDED } from '../../src/simulator';
import { parseSetCookies } from '../helpers/cookies';
import { Harness, startHarness, stateOf } from '../helpers/harness';
import { startLatencyProxy } from '../helpers/latency-proxy';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

const me = (h: Harness, cookie: string) => h.get('/api/me', { Cookie: cookie, 'X-CSRF': '1' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Redis slow (S3)', () => {
  let redis: RedisChild;
  let proxy: Awaited<ReturnType<typeof startLatencyProxy>>;
  let h: Harness;
  beforeAll(async () => {
    redis = await startRedisServer();
    proxy = await startLatencyProxy(redis.socket);
    h = await startHarness({ redis, env: { REDIS_URL: proxy.url } });
  });
  afterAll(async () => {
    await h.close();
    await proxy.close();
    await redis.close();
  });

  it('100 ms of Redis latency only slows requests down; 2 s gives 503 within the command timeout; nothing is duplicated (S3)', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    proxy.setDelay(100);
    const started = Date.now();
    const slow = await me(h, cookie!);
    expect(slow.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    const keys = await redis.admin.dbsize();
    proxy.setDelay(2000);
    const t = Date.now();
    const res = await me(h, cookie!);
    expect(res.status).toBe(503);
    expect(Date.now() - t).toBeLessThan(1500);
    proxy.setDelay(0);
    await sleep(2100);
    expect((await me(h, cookie!)).status).toBe(200);
    expect(await redis.admin.dbsize()).toBe(keys);
  });
});

describe('Redis failure modes on one instance', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('Redis out of memory (noeviction): a new login fails cleanly, existing sessions still read (S14)', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    await h.redisChild.admin.config('SET', 'maxmemory-policy', 'noeviction');
    await h.redisChild.admin.config('SET', 'maxmemory', '1');
    try {
      const login = await h.get('/login');
      expect(login.status).toBe(303);
      expect(login.headers.location).toBe('http://app.test/?error=session_store_unavailable');
      expect(login.headers['set-cookie']).toBeUndefined();
      expect((await me(h, cookie!)).status).toBe(200);
    } finally {
      await h.redisChild.admin.config('SET', 'maxmemory', '0');
    }
    expect((await h.get('/login')).status).toBe(302);
  });

  it('a read-only Redis (a failover in progress: READONLY replies) gives 503 on writes, and recovers (S15)', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    // A replica of an unreachable primary answers reads and refuses writes, as during a failover.
    await h.redisChild.admin.call('REPLICAOF', '127.0.0.1', '9');
    try {
      const res = await h.get('/login');
      expect(res.headers.location).toBe('http://app.test/?error=session_store_unavailable');
      const logout = await h.post('/logout', { Cookie: cookie!, 'X-CSRF': '1' });
      expect(logout.status).toBe(503);
    } finally {
      await h.redisChild.admin.call('REPLICAOF', 'NO', 'ONE');
    }
    expect((await h.get('/login')).status).toBe(302);
  });

  it('start-up with Redis down: the app starts, /readyz is 503, requests fail fast, and it becomes ready alone (S17)', async () => {
    await h.redisChild.kill();
    const cold = await startHarness({ redis: h.redisChild, shareSimulatorOf: h });
    try {
      expect((await cold.get('/healthz')).status).toBe(200);
      expect((await cold.get('/readyz')).status).toBe(503);
      const t = Date.now();
      expect((await cold.get('/login')).headers.location).toBe(
        'http://app.test/?error=session_store_unavailable',
      );
      expect(Date.now() - t).toBeLessThan(1500);
      await h.redisChild.restart();
      const deadline = Date.now() + 6000;
      while ((await cold.get('/readyz')).status !== 200) {
        if (Date.now() > deadline) throw new Error('never became ready');
        await sleep(100);
      }
      expect((await cold.get('/login')).status).toBe(302);
    } finally {
      await cold.close();
    }
  });
});

describe('rolling deploy mid-login (S12)', () => {
  it('a login started on instance A completes on instance B (nothing lives in process memory) (S12)', async () => {
    const redis = await startRedisServer();
    const b = await startHarness({ redis });
    const a = await startHarness({ redis, shareSimulatorOf: b });
    try {
      const login = await a.get('/login');
      const tx = parseSetCookies(login.headers['set-cookie'])[0]!;
      await a.close(); // instance A is gone
      const code = b.sim.control.issueCode(SEEDED.verified);
      const cb = await b.get(`/callback/${stateOf(login.headers.location)}?code=${code}`, {
        Cookie: `${tx.name}=${tx.value}`,
      });
      expect(cb.headers.location).toBe('http://app.test/');
      const sid = parseSetCookies(cb.headers['set-cookie']).find((c) => c.name === 'sid')!;
      expect((await me(b, `sid=${sid.value}`)).body.investorId).toBe(SEEDED.verified);
    } finally {
      await b.close();
      await redis.close();
    }
  });
});

describe('clock skew between the BFF and Securitize (S16)', () => {
  it('a BFF clock 4 minutes ahead refreshes once inside the margin, not on every request (S16)', async () => {
    let skew = 0;
    const h = await startHarness({
      now: () => Date.now() + skew,
      env: { SESSION_ABSOLUTE_TIMEOUT: '31536000' },
    });
    try {
      const { cookie } = await h.login(SEEDED.verified);
      h.sim.control.clearCalls();
      // The BFF believes it is later than Securitize does, by 4 minutes: still outside the 5-minute margin…
      skew = 4 * 60_000;
      for (let i = 0; i < 5; i++)
        expect((await h.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(200);
      expect(h.sim.control.calls().filter((c) => c.path.endsWith('/oauth2/refresh'))).toHaveLength(0);
      // …and a week on, inside it: one refresh, then quiet again.
      skew = 7 * 24 * 3600_000 - 60_000;
      for (let i = 0; i < 5; i++)
        expect((await h.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(200);
      expect(h.sim.control.calls().filter((c) => c.path.endsWith('/oauth2/refresh'))).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
