import { SEEDED } from '../../src/simulator';
import { Harness, sidOf, startHarness } from '../helpers/harness';
import { authRequest, policyFile, signingKey } from '../helpers/vouch';

/**
 * One end path: however a session ends (the investor's logout of one or all, "log out other
 * devices", the absolute lifetime found on read, Securitize refusing the refresh or the fresh
 * tokens, a refresh naming another investor), nothing of it is left in Redis: no record, no KYC
 * facts, no successor records, no index entry. Each session is given all of those first.
 */
const WEEK = 7 * 24 * 3600 * 1000;
let offset = 0;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    now: () => Date.now() + offset,
    env: {
      SESSION_ABSOLUTE_TIMEOUT: '31536000',
      FORWARD_AUTH_PORT: '0',
      ASSERTION_SIGNING_KEYS: signingKey('e1'),
      POLICY_FILE: policyFile('rules: [{ path: /, policy: { verified: true } }]'),
    },
  });
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.clearFaults());

const api = (cookie: string, path = '/api/investor') => h.get(path, { Cookie: cookie, 'X-CSRF': '1' });

/** Every key and index entry that names this session. */
async function traces(sid: string): Promise<string[]> {
  const admin = h.redisChild.admin;
  const found = (await admin.keys('*')).filter((k) => k.includes(sid));
  for (const key of await admin.keys('inv:*'))
    if ((await admin.hkeys(key)).includes(sid)) found.push(`${key} → ${sid}`);
  return found.sort();
}

/** A logged-in session with KYC facts stored and a refresh behind it (a successor record). */
async function fullSession(investor = SEEDED.verified): Promise<{ cookie: string; sid: string }> {
  const { cookie } = await h.login(investor);
  expect((await authRequest(h.faUrl, { method: 'GET', uri: '/x' }, { Cookie: cookie! })).status).toBe(200);
  h.sim.control.expireAccessTokens();
  expect((await api(cookie!)).status).toBe(200);
  const sid = sidOf(cookie!);
  const kinds = (await traces(sid)).map((k) => k.split(':')[0]);
  expect(kinds).toEqual(expect.arrayContaining(['facts', 'inv', 'sess', 'succ']));
  return { cookie: cookie!, sid };
}

test('logout', async () => {
  const s = await fullSession();
  expect((await h.post('/logout', { Cookie: s.cookie, 'X-CSRF': '1' })).status).toBe(204);
  expect(await traces(s.sid)).toEqual([]);
});

test('logout of every session (scope=all) and log out other devices', async () => {
  const [a, b, c] = [await fullSession(), await fullSession(), await fullSession()];
  const revoked = await h.post('/api/sessions/revoke-others', { Cookie: a.cookie, 'X-CSRF': '1' });
  expect(revoked.body.revoked).toBeGreaterThanOrEqual(2);
  expect([await traces(b.sid), await traces(c.sid)]).toEqual([[], []]);
  expect(await traces(a.sid)).not.toEqual([]);
  const d = await fullSession();
  expect((await h.post('/logout?scope=all', { Cookie: a.cookie, 'X-CSRF': '1' })).status).toBe(204);
  expect([await traces(a.sid), await traces(d.sid)]).toEqual([[], []]);
});

test('the absolute lifetime, found when the session is read', async () => {
  const s = await fullSession();
  offset += 366 * 24 * 3600 * 1000;
  expect((await api(s.cookie, '/api/me')).status).toBe(401);
  expect(await traces(s.sid)).toEqual([]);
});

test('Securitize refusing the refresh token', async () => {
  const s = await fullSession();
  h.sim.control.revokeRefreshTokens();
  offset += WEEK;
  expect((await api(s.cookie)).body.error).toBe('session_expired');
  expect(await traces(s.sid)).toEqual([]);
});

test('Securitize refusing the fresh tokens too', async () => {
  const s = await fullSession();
  h.sim.control.injectFault({ match: { path: /\/investor$/ }, kind: 'status', status: 401, times: 2 });
  expect((await api(s.cookie)).body.error).toBe('session_expired');
  expect(await traces(s.sid)).toEqual([]);
});

test('a refresh that names another investor', async () => {
  const s = await fullSession();
  const other = {
    investorId: SEEDED.entity,
    accessToken: 'a.b.c',
    refreshToken: 'r',
    expiration: '2099-01-01',
  };
  h.sim.control.injectFault({
    match: { path: /\/oauth2\/refresh$/ },
    kind: 'status',
    status: 200,
    body: other,
  });
  h.sim.control.expireAccessTokens();
  expect((await api(s.cookie)).body.error).toBe('session_expired');
  expect(await traces(s.sid)).toEqual([]);
});
