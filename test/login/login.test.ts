import { createHash } from 'node:crypto';
import { SEEDED } from '../../src/simulator';
import { parseSetCookies } from '../helpers/cookies';
import { sign } from 'cookie-signature';
import {
  CLIENT_ID,
  Harness,
  SECRET,
  SESSION_SECRET,
  sidOf,
  stateOf,
  txKeyOf,
  startHarness,
  storedSession,
} from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.control.clearCalls();
  h.sim.control.clearFaults();
});

const exchangeCalls = () => h.sim.control.calls().filter((c) => c.path.endsWith('/oauth2/authorize'));
const sessionKeys = () => h.redisChild.admin.keys('sess:*');

describe('GET /login', () => {
  it('redirects to the Securitize iD authorize URL with a one-time state inside redirecturl (A1)', async () => {
    const res = await h.get('/login?returnTo=/portfolio');
    expect(res.status).toBe(302);
    const location = String(res.headers.location);
    expect(location.startsWith(`${h.simUrl}/#/authorize?`)).toBe(true);
    expect(location).toContain('scope=info%20details%20verification');
    const params = new URLSearchParams(location.split('#/authorize?')[1]);
    expect(params.get('issuerId')).toBe(CLIENT_ID);
    expect(params.get('scope')).toBe('info details verification');
    expect(params.get('redirecturl')).toMatch(/^http:\/\/bff\.test\/callback\/[A-Za-z0-9_-]{43}$/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('binds the transaction to an HttpOnly Lax cookie and a Redis record that both live LOGIN_TRANSACTION_TTL (default 3600 s) (A1, D5)', async () => {
    const res = await h.get('/login');
    const [tx] = parseSetCookies(res.headers['set-cookie']);
    expect(tx).toMatchObject({ name: 'tx' });
    expect(tx!.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/', 'max-age': '3600' });
    expect(tx!.attributes.domain).toBeUndefined();
    const key = txKeyOf(tx!.value);
    const ttl = await h.redisChild.admin.ttl(key);
    expect(ttl).toBeGreaterThan(3590);
    expect(ttl).toBeLessThanOrEqual(3600);
    const state = stateOf(res.headers.location);
    const stored = await h.redisChild.admin.hgetall(key);
    // One entry per login in flight, keyed by the state's hash; neither the state nor the cookie value is stored.
    expect(Object.keys(stored)).toEqual([createHash('sha256').update(state).digest('base64url')]);
    expect(JSON.parse(Object.values(stored)[0]!)).toEqual({
      returnTo: '/',
      createdAt: expect.any(Number),
      crossSite: false,
    });
    const everything = JSON.stringify(await h.redisChild.admin.keys('*')) + JSON.stringify(stored);
    expect(everything).not.toContain(state);
    expect(everything).not.toContain(tx!.value);
  });

  it('issues a distinct state every time (A1)', async () => {
    const states = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const res = await h.get('/login');
      states.add(stateOf(res.headers.location));
    }
    expect(states.size).toBe(100);
  });
});

describe('the full login round trip', () => {
  it('exchanges the code once, stores the session in Redis (0 < TTL <= idle) and lands on APP_URL + returnTo (A4, A6, C1, C2, G6)', async () => {
    const before = await sessionKeys();
    const r = await h.login(SEEDED.verified, { returnTo: '/portfolio?tab=1' });
    expect(r.callback.status).toBe(303);
    expect(r.callback.headers.location).toBe('http://app.test/portfolio?tab=1');
    expect(r.callback.headers['cache-control']).toBe('no-store');
    expect(r.callback.headers['referrer-policy']).toBe('no-referrer');

    const calls = exchangeCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: `/v1/${CLIENT_ID}/oauth2/authorize`,
      body: { code: r.code },
    });
    expect(calls[0]!.headers.authorization).toBe(SECRET);
    expect(calls[0]!.headers['content-type']).toMatch(/^application\/json/);

    const cookies = parseSetCookies(r.callback.headers['set-cookie']);
    const sid = cookies.find((c) => c.name === 'sid')!;
    expect(sid.attributes).toMatchObject({ httponly: true, samesite: 'Strict', path: '/' });
    expect(sid.attributes.domain).toBeUndefined();
    expect(sid.attributes.expires).toBeUndefined();
    expect(decodeURIComponent(sid.value)).toMatch(/^s:[A-Za-z0-9_-]{32}\.[A-Za-z0-9+/]+$/);
    // The transaction cookie stays (another tab may have started a login); its Redis entry is gone.
    expect(cookies.find((c) => c.name === 'tx')).toBeUndefined();
    expect(await h.redisChild.admin.exists(txKeyOf(r.txCookie.split('=')[1]!))).toBe(0);

    const after = await sessionKeys();
    expect(after.length).toBe(before.length + 1);
    const id = decodeURIComponent(sid.value).slice(2).split('.')[0]!;
    const stored = (await storedSession(h.redisChild.admin, r.cookie!))!;
    expect(stored).toMatchObject({
      investorId: SEEDED.verified,
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiration: expect.stringMatching(/Z$/),
      country: 'US',
      authorized: false,
      createdAt: expect.any(Number),
    });
    const ttl = await h.redisChild.admin.ttl(`sess:${id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(h.config.session.idleTimeoutSeconds);

    const me = await h.get('/api/me', { Cookie: r.cookie!, 'X-CSRF': '1' });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      investorId: SEEDED.verified,
      tokenExpiresAt: stored.expiration,
      country: 'US',
      authorized: false,
      sessionCreatedAt: new Date(stored.createdAt).toISOString(),
      sessionSecondsLeft: expect.any(Number),
      idleSecondsLeft: expect.any(Number),
      absoluteSecondsLeft: expect.any(Number),
    });
    expect(me.text).not.toContain(stored.accessToken);
    expect(me.text).not.toContain(stored.refreshToken);
    expect(me.headers['cache-control']).toBe('no-store');
  });

  it('marks a returning investor as authorized (the parameter is absent on a first login)', async () => {
    await h.login(SEEDED.processing);
    const second = await h.login(SEEDED.processing);
    expect(second.callbackPath).toContain('authorized=true');
    const me = await h.get('/api/me', { Cookie: second.cookie!, 'X-CSRF': '1' });
    expect(me.body.authorized).toBe(true);
  });

  it('regenerates the session id: a second login from the same browser replaces the first session (A6, C6)', async () => {
    const first = await h.login(SEEDED.verified);
    const second = await h.login(SEEDED.entity, { headers: { Cookie: first.cookie! } });
    expect(second.cookie).toBeDefined();
    expect(second.cookie).not.toBe(first.cookie);
    expect((await h.get('/api/me', { Cookie: first.cookie!, 'X-CSRF': '1' })).status).toBe(401);
    const me = await h.get('/api/me', { Cookie: second.cookie!, 'X-CSRF': '1' });
    expect(me.body.investorId).toBe(SEEDED.entity);
  });

  it('never adopts a session id the browser brings that names no stored session (A6, C6)', async () => {
    const planted = `s:${sign('A'.repeat(32), SESSION_SECRET)}`;
    const r = await h.login(SEEDED.verified, { headers: { Cookie: `sid=${encodeURIComponent(planted)}` } });
    expect(sidOf(r.cookie!)).not.toBe('A'.repeat(32));
    expect(await h.redisChild.admin.exists('sess:' + 'A'.repeat(32))).toBe(0);
    expect((await h.get('/api/me', { Cookie: r.cookie!, 'X-CSRF': '1' })).status).toBe(200);
  });

  it('sends a reload of a completed callback back to the app without a second exchange (A11)', async () => {
    const r = await h.login(SEEDED.verified);
    h.sim.control.clearCalls();
    const again = await h.get(r.callbackPath, { Cookie: `${r.txCookie}; ${r.cookie}` });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('http://app.test/');
    expect(exchangeCalls()).toHaveLength(0);
  });

  it('completes two identical concurrent callbacks once (A11)', async () => {
    const login = await h.get('/login');
    const code = h.sim.control.issueCode(SEEDED.verified, CLIENT_ID);
    const path = `/callback/${stateOf(login.headers.location)}?code=${code}`;
    const tx = parseSetCookies(login.headers['set-cookie'])[0]!;
    const cookie = `${tx.name}=${tx.value}`;
    h.sim.control.clearCalls();
    const [a, b] = await Promise.all([h.get(path, { Cookie: cookie }), h.get(path, { Cookie: cookie })]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const locations = [a.headers.location, b.headers.location].sort();
    expect(locations).toEqual(['http://app.test/', 'http://app.test/?error=invalid_state']);
    expect(exchangeCalls()).toHaveLength(1);
  });
});

describe('GET /api/me', () => {
  it('answers 401 login_required without a session, sets no cookie and stores nothing (C5)', async () => {
    const before = await h.redisChild.admin.dbsize();
    for (let i = 0; i < 20; i++) {
      const res = await h.get('/api/me', { 'X-CSRF': '1' });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'login_required' });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(await h.redisChild.admin.dbsize()).toBe(before);
  });

  it.each([[{}], [{ 'X-CSRF': '0' }], [{ 'X-CSRF': '1, 1' }], [{ 'X-CSRF': 'true' }]])(
    'rejects a request without exactly X-CSRF: 1 (%j) with 403, session or not (D1)',
    async (headers) => {
      const r = await h.login(SEEDED.verified);
      const res = await h.get('/api/me', { Cookie: r.cookie!, ...headers });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: 'csrf_required' });
    },
  );

  it('treats a tampered or forged cookie as no session (401, not 500) (C6)', async () => {
    const r = await h.login(SEEDED.verified);
    const tampered = r.cookie!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await h.get('/api/me', { Cookie: tampered, 'X-CSRF': '1' })).status).toBe(401);
    expect((await h.get('/api/me', { Cookie: 'sid=s%3Anope.nope', 'X-CSRF': '1' })).status).toBe(401);
  });
});

describe('POST /logout', () => {
  it('deletes the session in Redis, clears the cookie and answers 204; the old cookie then gets 401 (C9, E4, G6)', async () => {
    const r = await h.login(SEEDED.verified);
    const keys = await sessionKeys();
    const res = await h.post('/logout', { Cookie: r.cookie!, 'X-CSRF': '1' });
    expect(res.status).toBe(204);
    expect(res.headers['cache-control']).toBe('no-store');
    // Only the cache: "cookies" would clear every cookie of the registrable domain (LOGOUT_CLEAR_SITE_DATA).
    expect(res.headers['clear-site-data']).toBe('"cache"');
    const cleared = parseSetCookies(res.headers['set-cookie']).find((c) => c.name === 'sid')!;
    expect(cleared.value).toBe('');
    expect(cleared.attributes.expires).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    expect((await sessionKeys()).length).toBe(keys.length - 1);
    expect((await h.get('/api/me', { Cookie: r.cookie!, 'X-CSRF': '1' })).status).toBe(401);
  });

  it.each([
    ['an unknown scope', '?scope=everything'],
    ['an empty scope', '?scope='],
    ['a repeated scope', '?scope=all&scope=all'],
    ['an array-shaped scope', '?scope[]=all'],
    ['a bracketed scope', '?scope[x]=all'],
  ])(
    'refuses %s with 400 and changes nothing: no cookie cleared, no Clear-Site-Data, the session lives',
    async (_n, query) => {
      const r = await h.login(SEEDED.verified);
      const res = await h.post(`/logout${query}`, { Cookie: r.cookie!, 'X-CSRF': '1' });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['clear-site-data']).toBeUndefined();
      expect(await h.redisChild.admin.exists(`sess:${sidOf(r.cookie!)}`)).toBe(1);
      expect((await h.get('/api/me', { Cookie: r.cookie!, 'X-CSRF': '1' })).status).toBe(200);
    },
  );

  it('LOGOUT_CLEAR_SITE_DATA chooses what the browser is asked to clear, or nothing', async () => {
    for (const [value, header] of [
      ['none', undefined],
      ['cache,storage', '"cache", "storage"'],
      ['cookies', '"cookies"'],
    ] as const) {
      const other = await startHarness({
        redis: h.redisChild,
        shareSimulatorOf: h,
        env: { LOGOUT_CLEAR_SITE_DATA: value },
      });
      try {
        const r = await other.login(SEEDED.verified);
        const res = await other.post('/logout', { Cookie: r.cookie!, 'X-CSRF': '1' });
        expect(res.status).toBe(204);
        expect(res.headers['clear-site-data']).toBe(header);
      } finally {
        await other.close();
      }
    }
  });

  it('is idempotent without a session', async () => {
    expect((await h.post('/logout', { 'X-CSRF': '1' })).status).toBe(204);
  });

  it('requires the CSRF header and leaves the session alone without it (D1, C9)', async () => {
    const r = await h.login(SEEDED.verified);
    expect((await h.post('/logout', { Cookie: r.cookie! })).status).toBe(403);
    expect((await h.get('/api/me', { Cookie: r.cookie!, 'X-CSRF': '1' })).status).toBe(200);
  });

  it('answers 405 to GET (C9, D6)', async () => {
    const res = await h.get('/logout');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });
});

describe('health', () => {
  it('serves /healthz and /readyz', async () => {
    expect((await h.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await h.get('/readyz')).body).toEqual({ status: 'ready' });
  });

  it('puts helmet headers on every response, errors included (E1)', async () => {
    for (const res of [
      await h.get('/healthz'),
      await h.get('/nope'),
      await h.get('/api/me', { 'X-CSRF': '1' }),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBeDefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('odd requests', () => {
  it.each([
    '/%ZZ',
    '/api/%E0%A4%A',
    '/callback/%00',
    '/login?returnTo=%ZZ',
    '/login?returnTo[]=/a&returnTo=/b',
  ])('%s gets a clean answer, never a 500', async (path) => {
    const res = await h.get(path, { 'X-CSRF': '1' });
    expect(res.status).toBeLessThan(500);
    expect(res.text).not.toContain('ZZ');
    if (path.startsWith('/login')) expect(res.status).toBe(302);
  });

  it('sends returnTo values that are not local paths back to / (A9)', async () => {
    const r = await h.login(SEEDED.verified, { returnTo: 'https://evil.example/' });
    expect(r.callback.headers.location).toBe('http://app.test/');
  });
});

describe('leaks', () => {
  it('never put the secret, a code or a token in a response or a log line during this file (A4, B4)', async () => {
    const tokens: string[] = [];
    for (const key of await h.redisChild.admin.keys('sess:*')) {
      const s = (await storedSession(h.redisChild.admin, `sid=s%3A${key.slice(5)}.x`))!;
      tokens.push(s.accessToken, s.refreshToken);
    }
    expect(tokens.length).toBeGreaterThan(0);
    expect(h.codes.length).toBeGreaterThan(5);
    const sent = h.responses.map((r) => JSON.stringify(r.headers) + r.text).join('\n');
    const logged = h.logs.join('\n');
    for (const needle of [SECRET, ...h.codes, ...tokens]) {
      expect(sent).not.toContain(needle);
      expect(logged).not.toContain(needle);
    }
  });
});
