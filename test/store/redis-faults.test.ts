import { SEEDED } from '../../src/simulator';
import { parseSetCookies } from '../helpers/cookies';
import { Harness, sidOf, startHarness, stateOf } from '../helpers/harness';

/** Each test gets its own harness and redis-server child, because the tests break Redis. */
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const me = (cookie?: string) => h.get('/api/me', { 'X-CSRF': '1', ...(cookie ? { Cookie: cookie } : {}) });

async function pollUntil(fn: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await fn()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

function expectStoreUnavailable(res: Awaited<ReturnType<typeof me>>) {
  expect(res.status).toBe(503);
  expect(res.body).toMatchObject({ error: 'session_store_unavailable' });
  expect(res.headers['retry-after']).toBe('2');
  expect(res.headers['set-cookie']).toBeUndefined();
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

describe('Redis down (connection refused) (S1, G1, G2, G4, G5, G7, S13)', () => {
  it('answers 503 fast without a cookie, stays alive, and recovers by itself when Redis returns', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    await h.redisChild.kill();

    const started = Date.now();
    expectStoreUnavailable(await me(cookie));
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await h.get('/readyz')).status).toBe(503);
    expect((await h.get('/healthz')).status).toBe(200);

    const login = await h.get('/login');
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('http://app.test/?error=session_store_unavailable');
    expect(login.headers['set-cookie']).toBeUndefined();

    // Restarted empty (no persistence): the old cookie now gets a clean 401, no restart of the BFF.
    await h.redisChild.restart();
    const ms = await pollUntil(async () => (await me(cookie)).status === 401, 6000);
    expect(ms).toBeLessThan(6000);
    expect((await h.get('/readyz')).status).toBe(200);
    const again = await h.login(SEEDED.verified);
    expect((await me(again.cookie)).status).toBe(200);
  });

  it('answers logout with 503 logout_incomplete and still clears the cookie (C9)', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    await h.redisChild.kill();
    const res = await h.post('/logout', { Cookie: cookie!, 'X-CSRF': '1' });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: 'logout_incomplete' });
    const cleared = parseSetCookies(res.headers['set-cookie']).find((c) => c.name === 'sid');
    expect(cleared?.value).toBe('');
  });
});

describe('Redis frozen (SIGSTOP: socket open, no replies) (S2, G1, G2, G4, G8)', () => {
  it('answers 503 within about a second and serves the intact session after SIGCONT', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    h.redisChild.freeze();
    try {
      const started = Date.now();
      const results = await Promise.all(Array.from({ length: 200 }, () => me(cookie)));
      const elapsed = Date.now() - started;
      for (const res of results) expectStoreUnavailable(res);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      h.redisChild.thaw();
    }
    await pollUntil(async () => (await me(cookie)).status === 200, 6000);
    expect((await me(cookie)).body.investorId).toBe(SEEDED.verified);
  });
});

describe('Redis failing between the code exchange and the session save (S4, A6, G3)', () => {
  it('redirects with session_store_unavailable, sets no session cookie and stores no session', async () => {
    const login = await h.get('/login');
    const tx = parseSetCookies(login.headers['set-cookie'])[0]!;
    const code = h.sim.control.issueCode(SEEDED.verified);
    // The exchange takes 400 ms; 100 ms in, Redis stops accepting writes for 1.5 s.
    h.sim.control.injectFault({ match: { path: /oauth2\/authorize$/ }, kind: 'delay', ms: 400 });
    const pending = h.get(`/callback/${stateOf(login.headers.location)}?code=${code}`, {
      Cookie: `${tx.name}=${tx.value}`,
    });
    await new Promise((r) => setTimeout(r, 100));
    await h.redisChild.admin.call('CLIENT', 'PAUSE', '1500', 'WRITE');
    const res = await pending;
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('http://app.test/?error=session_store_unavailable');
    expect(parseSetCookies(res.headers['set-cookie']).filter((c) => c.name === 'sid')).toEqual([]);
    await new Promise((r) => setTimeout(r, 1600));
    expect(await h.redisChild.admin.keys('sess:*')).toEqual([]);
    expect(h.sim.control.calls().filter((c) => c.path.endsWith('/oauth2/authorize'))).toHaveLength(1);
  });
});

describe('a Redis error reply that means a bug is not dressed up as an outage', () => {
  it('WRONGTYPE on the session key: 500 internal_error and an error log line, not 503', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const sid = sidOf(cookie!);
    await h.redisChild.admin.del(`sess:${sid}`);
    await h.redisChild.admin.hset(`sess:${sid}`, 'not', 'a string');
    const res = await me(cookie!);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: 'internal_error' });
    const logged = h.logs.map((l) => JSON.parse(l) as { event?: string; code?: string; err?: unknown });
    const line = logged.find((l) => l.event === 'http_error' && l.code === 'internal_error');
    expect(JSON.stringify(line?.err)).toContain('WRONGTYPE');
    // An OOM reply stays a 503 (covered with a real full Redis in test/store/faults.test.ts).
  });
});
