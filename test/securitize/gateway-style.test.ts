import { GATEWAY_SEEDED, SEEDED } from '../../src/simulator';
import { CLIENT_ID, Harness, SECRET, startHarness, storedSession } from '../helpers/harness';

const WEEK = 7 * 24 * 3600 * 1000;
let offset = 0;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    now: () => Date.now() + offset,
    env: { SECURITIZE_API_STYLE: 'gateway', SESSION_ABSOLUTE_TIMEOUT: '31536000' },
  });
});
afterAll(async () => {
  expect(h.sim.control.stats().refreshTokenReuse).toBe(0);
  await h.close();
});
beforeEach(() => h.sim.control.clearCalls());

const api = (cookie: string, path: string) => h.get(path, { Cookie: cookie, 'X-CSRF': '1' });
const calls = (path: string) => h.sim.control.calls().filter((c) => c.path === path);

describe('SECURITIZE_API_STYLE=gateway, end to end against the simulator’s connect-gw paths', () => {
  it('login: the code goes to /api/auth/v1/authorize with clientid and a Bearer secret', async () => {
    const r = await h.login(SEEDED.verified);
    expect(r.callback.headers.location).toBe('http://app.test/');
    const [exchange] = calls('/api/auth/v1/authorize');
    expect(exchange).toMatchObject({ method: 'POST', body: { code: r.code } });
    expect(exchange!.headers).toMatchObject({ clientid: CLIENT_ID, authorization: `Bearer ${SECRET}` });
    expect(h.sim.control.calls().filter((c) => c.path.startsWith('/v1/'))).toEqual([]);
  });

  it('the investor API reads /api/sid/v1/investor/… with access-token and clientid, and no app secret', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const session = (await storedSession(h.redis, cookie!))!;
    h.sim.control.clearCalls();
    for (const path of [
      '/api/investor',
      '/api/verification',
      '/api/documents',
      '/api/signers',
      '/api/wallets',
    ])
      expect((await api(cookie!, path)).status).toBe(200);
    const seen = h.sim.control.calls().map((c) => c.path);
    expect(seen).toEqual([
      '/api/sid/v1/investor',
      '/api/sid/v1/investor/verification',
      '/api/sid/v1/investor/documents',
      '/api/sid/v1/investor/signers',
      '/api/sid/v1/investor/domain/wallets',
    ]);
    for (const c of h.sim.control.calls()) {
      expect(c.headers).toMatchObject({ 'access-token': session.accessToken, clientid: CLIENT_ID });
      expect(c.headers.authorization).toBeUndefined();
    }
    expect((await api(cookie!, '/api/investor')).body).toMatchObject({
      investorId: SEEDED.verified,
      verified: true,
    });
  });

  it('refresh: /api/auth/v1/refresh once, then the API works with the new pair', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const before = (await storedSession(h.redis, cookie!))!;
    offset += WEEK + 60_000;
    h.sim.control.clearCalls();
    expect((await api(cookie!, '/api/investor')).status).toBe(200);
    const [refresh] = calls('/api/auth/v1/refresh');
    expect(calls('/api/auth/v1/refresh')).toHaveLength(1);
    expect(refresh!.body).toEqual({ refreshToken: before.refreshToken });
    expect(refresh!.headers).toMatchObject({ clientid: CLIENT_ID, authorization: `Bearer ${SECRET}` });
    expect((await storedSession(h.redis, cookie!))!.refreshToken).not.toBe(before.refreshToken);
  });

  it.each([
    ['passed', GATEWAY_SEEDED.passed],
    ['pending', GATEWAY_SEEDED.pending],
    ['pending-aml', SEEDED.unknownStatus],
  ])('the gateway’s “%s” passes through and is never counted as verified', async (status, investorId) => {
    const { cookie } = await h.login(investorId);
    const body = (await api(cookie!, '/api/investor')).body;
    expect(body).toMatchObject({
      verificationStatus: status,
      verificationStatusKnown: false,
      verified: false,
    });
  });
});

describe('SECURITIZE_PATHS overrides a path without a code change', () => {
  it('direct style with verification moved: the call goes to the configured path', async () => {
    const other = await startHarness({
      redis: h.redisChild,
      shareSimulatorOf: h,
      env: { SECURITIZE_PATHS: 'verification=/api/sid/v1/investor/verification' },
    });
    try {
      const { cookie } = await other.login(SEEDED.verified);
      h.sim.control.clearCalls();
      const res = await other.get('/api/verification', { Cookie: cookie!, 'X-CSRF': '1' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('verified');
      expect(h.sim.control.calls().map((c) => c.path)).toEqual(['/api/sid/v1/investor/verification']);
      // The rest stays on the style's paths.
      await other.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' });
      expect(h.sim.control.calls().map((c) => c.path)[1]).toBe(`/v1/${CLIENT_ID}/investor`);
    } finally {
      await other.close();
    }
  });
});
