import { SEEDED } from '../../src/simulator';
import { Harness, sidOf, startHarness, storedSession } from '../helpers/harness';

const WEEK = 7 * 24 * 3600 * 1000;
let offset = 0;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => Date.now() + offset, env: { SESSION_ABSOLUTE_TIMEOUT: '31536000' } });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.control.clearFaults();
  h.sim.control.clearCalls();
});

const api = (cookie: string, path = '/api/investor') => h.get(path, { Cookie: cookie, 'X-CSRF': '1' });
const calls = (suffix: string) => h.sim.control.calls().filter((c) => c.path.endsWith(suffix));
const stored = (cookie: string) => storedSession(h.redisChild.admin, cookie) as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Logs in, then moves the shared clock past the access token's 7-day life. */
async function loginWithExpiredToken() {
  const { cookie } = await h.login(SEEDED.verified);
  offset += WEEK + 60_000;
  h.sim.control.clearCalls();
  return cookie!;
}

describe('proactive refresh (B8)', () => {
  it('refreshes first when the token expires within the margin, persists the new pair, then calls', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const before = await stored(cookie!);
    offset += WEEK - 60_000; // one minute left, inside the default five-minute margin
    h.sim.control.clearCalls();
    const res = await api(cookie!);
    expect(res.status).toBe(200);
    const [refresh] = calls('/oauth2/refresh');
    expect(calls('/oauth2/refresh')).toHaveLength(1);
    expect(refresh!.body).toEqual({ refreshToken: before.refreshToken });
    expect(calls('/investor')).toHaveLength(1);
    const after = await stored(cookie!);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.investorId).toBe(before.investorId);
    expect(after.createdAt).toBe(before.createdAt);
    expect(calls('/investor')[0]!.headers['access-token']).toBe(after.accessToken);
    // The next request uses the stored pair without another refresh.
    expect((await api(cookie!)).status).toBe(200);
    expect(calls('/oauth2/refresh')).toHaveLength(1);
  });

  it('does not refresh a token with more than the margin left', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    h.sim.control.clearCalls();
    expect((await api(cookie!)).status).toBe(200);
    expect(calls('/oauth2/refresh')).toHaveLength(0);
  });
});

describe('reactive refresh (B8)', () => {
  it('on an upstream 401 refreshes once and retries once', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    h.sim.control.expireAccessTokens();
    h.sim.control.clearCalls();
    const res = await api(cookie!, '/api/documents');
    expect(res.status).toBe(200);
    expect(calls('/oauth2/refresh')).toHaveLength(1);
    expect(calls('/documents')).toHaveLength(2);
  });

  it('answers 401 session_expired after exactly one refresh and two calls when the retry is refused too', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    h.sim.control.injectFault({ match: { path: /\/investor$/ }, kind: 'status', status: 401, times: 2 });
    const res = await api(cookie!);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('session_expired');
    expect(calls('/oauth2/refresh')).toHaveLength(1);
    expect(calls('/investor')).toHaveLength(2);
    expect(await stored(cookie!)).toBeNull();
    expect((await api(cookie!, '/api/me')).status).toBe(401);
  });
});

describe('refresh outcomes (B7, S11)', () => {
  it('a refused refresh (401) ends the session: key gone, 401 session_expired', async () => {
    const cookie = await loginWithExpiredToken();
    h.sim.control.revokeRefreshTokens();
    const res = await api(cookie);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('session_expired');
    expect(await stored(cookie)).toBeNull();
    expect(calls('/investor')).toHaveLength(0);
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 }, 502],
    ['a 503', { kind: 'status', status: 503 }, 502],
    ['garbage', { kind: 'garbage' }, 502],
    ['a timeout', { kind: 'delay', ms: 4000 }, 504],
  ] as const)(
    '%s keeps the session and answers 502/504; the next request refreshes',
    async (_n, fault, status) => {
      const cookie = await loginWithExpiredToken();
      const before = await stored(cookie);
      h.sim.control.injectFault({ match: { path: /oauth2\/refresh$/ }, ...fault });
      const res = await api(cookie);
      expect(res.status).toBe(status);
      expect(res.body.error).toBe('securitize_unavailable');
      expect((await stored(cookie)).refreshToken).toBe(before.refreshToken);
      // A timed-out refresh never reached the simulator's handler (the delay was cut), so the old token still works.
      expect((await api(cookie)).status).toBe(200);
      expect((await stored(cookie)).refreshToken).not.toBe(before.refreshToken);
    },
  );

  it('a refresh that returns another investor ends the session', async () => {
    const cookie = await loginWithExpiredToken();
    h.sim.control.injectFault({
      match: { path: /oauth2\/refresh$/ },
      kind: 'status',
      status: 200,
      body: {
        investorId: SEEDED.entity,
        accessToken: 'a.b.c',
        refreshToken: 'other',
        expiration: new Date(Date.now() + offset + WEEK).toISOString(),
      },
    });
    const res = await api(cookie);
    expect(res.status).toBe(401);
    expect(await stored(cookie)).toBeNull();
  });
});

describe('no lost updates (C11)', () => {
  it('a change written to the session while a refresh runs survives the refresh (C11)', async () => {
    const cookie = await loginWithExpiredToken();
    const key = `sess:${sidOf(cookie)}`;
    h.sim.control.injectFault({ match: { path: /oauth2\/refresh$/ }, kind: 'delay', ms: 300 });
    const call = api(cookie);
    await new Promise((r) => setTimeout(r, 100));
    const current = JSON.parse((await h.redisChild.admin.get(key))!);
    await h.redisChild.admin.set(key, JSON.stringify({ ...current, marker: 'concurrent write' }), 'KEEPTTL');
    expect((await call).status).toBe(200);
    const after = (await stored(cookie))!;
    expect(after.marker).toBe('concurrent write');
    expect(after.tok).not.toBe(current.tok);
  });
});

describe('bookkeeping', () => {
  it('never reused a refresh token in this file', () => {
    expect(h.sim.control.stats().refreshTokenReuse).toBe(0);
    expect(h.sim.control.stats().refreshes).toBeGreaterThan(5);
  });
});
