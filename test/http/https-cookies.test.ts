import { SEEDED } from '../../src/simulator';
import { parseSetCookies } from '../helpers/cookies';
import { Harness, SESSION_SECRET, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

const HTTPS = { 'X-Forwarded-Proto': 'https' };
let redis: RedisChild;
let h: Harness;
beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ redis, env: { PUBLIC_URL: 'https://bff.test', TRUST_PROXY: '1' } });
});
afterAll(async () => {
  await h.close();
  await redis.close();
});

describe('behind a TLS-terminating proxy (PUBLIC_URL https, TRUST_PROXY=1)', () => {
  it('uses __Host- cookies: Secure, HttpOnly, Path=/, no Domain; Strict session, Lax transaction (C1, D5)', async () => {
    const r = await h.login(SEEDED.verified, { headers: HTTPS });
    const [tx] = parseSetCookies(r.login.headers['set-cookie']);
    expect(tx!.name).toBe('__Host-tx');
    expect(tx!.attributes).toMatchObject({ secure: true, httponly: true, samesite: 'Lax', path: '/' });
    const sid = parseSetCookies(r.callback.headers['set-cookie']).find((c) => c.name === '__Host-sid')!;
    expect(sid.attributes).toMatchObject({ secure: true, httponly: true, samesite: 'Strict', path: '/' });
    expect(sid.attributes.domain).toBeUndefined();
    expect(tx!.attributes.domain).toBeUndefined();
    const me = await h.get('/api/me', { Cookie: r.cookie!, 'X-CSRF': '1', ...HTTPS });
    expect(me.body.investorId).toBe(SEEDED.verified);
  });

  it('refuses to start a login that did not arrive over HTTPS instead of silently dropping the cookie (C4)', async () => {
    const res = await h.get('/login');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('http://app.test/?error=insecure_transport');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await redis.admin.keys('tx*')).toEqual([]);
  });

  it.each([
    ['a client-written value in front of the proxy’s', 'https, http', 'refused'],
    ['the proxy’s own value last', 'http, https', 'served'],
    ['one value', 'https', 'served'],
    ['upper case', 'HTTPS', 'served'],
  ])(
    'reads X-Forwarded-Proto by the hop count (TRUST_PROXY=1): %s (%s) is %s',
    async (_n, proto, outcome) => {
      const res = await h.get('/login', { 'X-Forwarded-Proto': proto });
      if (outcome === 'refused') {
        expect(res.headers.location).toBe('http://app.test/?error=insecure_transport');
        expect(res.headers['set-cookie']).toBeUndefined();
      } else {
        expect(res.status).toBe(302);
        expect(String(res.headers['set-cookie'])).toContain('__Host-tx=');
      }
    },
  );

  it('with TRUST_PROXY=2 the value two hops out counts; with TRUST_PROXY=0 none does', async () => {
    const two = await startHarness({ redis, env: { PUBLIC_URL: 'https://bff.test', TRUST_PROXY: '2' } });
    const none = await startHarness({ redis, env: { PUBLIC_URL: 'https://bff.test', TRUST_PROXY: '0' } });
    try {
      expect((await two.get('/login', { 'X-Forwarded-Proto': 'http, https, http' })).status).toBe(302);
      expect((await two.get('/login', { 'X-Forwarded-Proto': 'https, http, https' })).status).toBe(303);
      expect((await none.get('/login', HTTPS)).headers.location).toBe(
        'http://app.test/?error=insecure_transport',
      );
    } finally {
      await two.close();
      await none.close();
    }
  });

  it('with TRUST_PROXY naming proxies by address, only a named proxy’s X-Forwarded-Proto and -For count', async () => {
    const named = await startHarness({
      redis,
      env: { PUBLIC_URL: 'https://bff.test', TRUST_PROXY: 'loopback, 10.0.0.0/8' },
    });
    const other = await startHarness({
      redis,
      env: { PUBLIC_URL: 'https://bff.test', TRUST_PROXY: '10.0.0.1' },
    });
    try {
      // The test connects from 127.0.0.1 (a named proxy), which says the browser came over https.
      expect((await named.get('/login', HTTPS)).status).toBe(302);
      // Two named proxies appended their values: the outer one's counts.
      const chain = { 'X-Forwarded-For': '203.0.113.7, 10.1.2.3', 'X-Forwarded-Proto': 'http, https, https' };
      expect((await named.get('/login', chain)).status).toBe(302);
      const client = { ...chain, 'X-Forwarded-Proto': 'https, http, https' };
      expect((await named.get('/login', client)).headers.location).toBe(
        'http://app.test/?error=insecure_transport',
      );
      // 127.0.0.1 is not the named proxy: whatever it claims is not believed.
      expect((await other.get('/login', HTTPS)).headers.location).toBe(
        'http://app.test/?error=insecure_transport',
      );
      const line = other.logs.find((l) => l.includes('"code":"insecure_transport"'))!;
      expect(line).toContain('TRUST_PROXY');
    } finally {
      await named.close();
      await other.close();
    }
  });

  it('accepts cookies signed with the previous SESSION_SECRET after a rotation (C13)', async () => {
    const r = await h.login(SEEDED.verified, { headers: HTTPS });
    const newer = 'rotated-session-secret-9d8c7b6a5f4e3d2c1b0a';
    const rotated = await startHarness({
      redis,
      env: { PUBLIC_URL: 'https://bff.test', TRUST_PROXY: '1', SESSION_SECRET: `${newer},${SESSION_SECRET}` },
    });
    try {
      const me = await rotated.get('/api/me', { Cookie: r.cookie!, 'X-CSRF': '1', ...HTTPS });
      expect(me.status).toBe(200);
      expect(me.body.investorId).toBe(SEEDED.verified);
    } finally {
      await rotated.close();
    }
  });
});
