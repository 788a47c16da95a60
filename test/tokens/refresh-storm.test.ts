import { SEEDED } from '../../src/simulator';
import { Harness, sidOf, startHarness, storedSession } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

/**
 * Two BFF instances sharing one Redis and one Securitize: refresh tokens are single use, so a burst of
 * requests with an expired access token must cause exactly one refresh, whichever instance they hit.
 */
const WEEK = 7 * 24 * 3600 * 1000;
let offset = 0;
const now = () => Date.now() + offset;
let redis: RedisChild;
let a: Harness;
let b: Harness;
beforeAll(async () => {
  redis = await startRedisServer();
  const env = { REFRESH_LOCK_TTL_MS: '400', SESSION_ABSOLUTE_TIMEOUT: '31536000' };
  a = await startHarness({ redis, now, env });
  b = await startHarness({ redis, now, env, shareSimulatorOf: a });
});
afterAll(async () => {
  await b.close();
  await a.close();
  await redis.close();
});
beforeEach(() => a.sim.control.clearFaults());

const refreshes = () => a.sim.control.stats().refreshes;

async function expiredSession(): Promise<string> {
  const { cookie } = await a.login(SEEDED.verified);
  offset += WEEK + 60_000;
  return cookie!;
}

async function storm(cookie: string, n: number, path = '/api/investor') {
  const headers = { Cookie: cookie, 'X-CSRF': '1' };
  return Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? b : a).get(path, headers)));
}

describe('refresh storm across two instances (B6, S6, S7)', () => {
  it.each(Array.from({ length: 20 }, (_, i) => i + 1))(
    'round %i: 50 concurrent calls with an expired token cause exactly one refresh, all succeed',
    async () => {
      const cookie = await expiredSession();
      const before = refreshes();
      const results = await storm(cookie, 50);
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(results.every((r) => r.body.investorId === SEEDED.verified)).toBe(true);
      expect(refreshes() - before).toBe(1);
      expect(a.sim.control.stats().refreshTokenReuse).toBe(0);
    },
  );

  it('still refreshes once when the refresh call outlasts the initial lock lease (the lease is renewed)', async () => {
    const cookie = await expiredSession();
    const before = refreshes();
    // 1.2 s against a 400 ms lease: without renewal the lock would expire twice over.
    a.sim.control.injectFault({ match: { path: /oauth2\/refresh$/ }, kind: 'delay', ms: 1200 });
    const results = await storm(cookie, 30);
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(refreshes() - before).toBe(1);
  });

  it('recovers within the lock lifetime when the lock holder died (a lock nobody renews or releases) (S8)', async () => {
    const cookie = await expiredSession();
    const before = refreshes();
    await redis.admin.set(`lock:{sess:${sidOf(cookie)}}`, 'dead-instance', 'PX', 400);
    const started = Date.now();
    const results = await storm(cookie, 10);
    const elapsed = Date.now() - started;
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(refreshes() - before).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(1500);
  });

  it('a request that loaded the old session while another instance refreshed uses the new pair', async () => {
    const cookie = await expiredSession();
    const before = refreshes();
    a.sim.control.injectFault({ match: { path: /oauth2\/refresh$/ }, kind: 'delay', ms: 300 });
    const first = a.get('/api/investor', { Cookie: cookie, 'X-CSRF': '1' });
    await new Promise((r) => setTimeout(r, 100));
    const second = await b.get('/api/investor', { Cookie: cookie, 'X-CSRF': '1' });
    expect((await first).status).toBe(200);
    expect(second.status).toBe(200);
    expect(refreshes() - before).toBe(1);
    const used = a.sim.control
      .calls()
      .filter((c) => c.path.endsWith('/investor'))
      .slice(-2);
    expect(used[0]!.headers['access-token']).toBe(used[1]!.headers['access-token']);
  });

  it('logout racing a refresh: the session stays gone and the old cookie gets 401 (C10, S9)', async () => {
    const cookie = await expiredSession();
    a.sim.control.injectFault({ match: { path: /oauth2\/refresh$/ }, kind: 'delay', ms: 300 });
    const call = b.get('/api/investor', { Cookie: cookie, 'X-CSRF': '1' });
    await new Promise((r) => setTimeout(r, 50));
    const logout = await a.post('/logout', { Cookie: cookie, 'X-CSRF': '1' });
    expect(logout.status).toBe(204);
    const res = await call;
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('session_expired');
    await new Promise((r) => setTimeout(r, 100));
    expect(await redis.admin.exists(`sess:${sidOf(cookie)}`)).toBe(0);
    expect((await a.get('/api/me', { Cookie: cookie, 'X-CSRF': '1' })).status).toBe(401);
    expect((await b.get('/api/investor', { Cookie: cookie, 'X-CSRF': '1' })).status).toBe(401);
  });

  it('a failed Redis write after a successful refresh answers 503 and loses nothing (successor record) (S5, B7)', async () => {
    const cookie = await expiredSession();
    const before = refreshes();
    const oldToken = (await storedSession(redis.admin, cookie))!.refreshToken;
    a.sim.control.injectFault({ match: { path: /oauth2\/refresh$/ }, kind: 'delay', ms: 300 });
    const pending = a.get('/api/investor', { Cookie: cookie, 'X-CSRF': '1' });
    await new Promise((r) => setTimeout(r, 100));
    // Writes stall for longer than the persistence retries last.
    await redis.admin.call('CLIENT', 'PAUSE', '3500', 'WRITE');
    const res = await pending;
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('session_store_unavailable');
    await new Promise((r) => setTimeout(r, 2000));
    expect((await storedSession(redis.admin, cookie))!.refreshToken).toBe(oldToken);
    // Not a half state: the other instance (no in-process memory of the new pair) finds it in the
    // successor record and finishes the write; no second refresh, no reuse of the spent token.
    expect((await b.get('/api/investor', { Cookie: cookie, 'X-CSRF': '1' })).status).toBe(200);
    expect((await a.get('/api/investor', { Cookie: cookie, 'X-CSRF': '1' })).status).toBe(200);
    expect(refreshes() - before).toBe(1);
    expect((await storedSession(redis.admin, cookie))!.refreshToken).not.toBe(oldToken);
  });

  it('never reused a refresh token across the whole file', () => {
    expect(a.sim.control.stats().refreshTokenReuse).toBe(0);
  });
});
