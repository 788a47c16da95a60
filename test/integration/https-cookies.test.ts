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
  it('C1/D5: uses __Host- cookies: Secure, HttpOnly, Path=/, no Domain; Strict session, Lax transaction', async () => {
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

  it('C4: refuses to start a login that did not arrive over HTTPS instead of silently dropping the cookie', async () => {
    const res = await h.get('/login');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('http://app.test/?error=insecure_transport');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await redis.admin.keys('tx:*')).toEqual([]);
  });

  it('C13: accepts cookies signed with the previous SESSION_SECRET after a rotation', async () => {
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
