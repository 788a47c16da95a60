import express from 'express';
import request from 'supertest';
import { SEEDED } from '../../src/simulator';
import { createErrorHandler } from '../../src/http/error-handler';
import { createLogger } from '../../src/logger';
import { requestContext } from '../../src/http/request-context';
import { Harness, sidOf, startHarness } from '../helpers/harness';

let h: Harness;
let cookie: string;
beforeAll(async () => {
  h = await startHarness({ env: { RATE_LIMIT_LOGIN: '5', TRUST_PROXY: '1' } });
  // Each login counts against the limit of its client address; give this one its own.
  cookie = (await h.login(SEEDED.verified, { headers: { 'X-Forwarded-For': '198.51.100.1' } })).cookie!;
});
afterAll(() => h.close());

const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'";
const api = (path: string, headers: Record<string, string> = {}) =>
  h.get(path, { Cookie: cookie, 'X-CSRF': '1', 'X-Forwarded-For': '198.51.100.2', ...headers });

describe('no CORS for foreign origins (D2)', () => {
  it.each(['https://evil.example', 'null'])(
    'a preflight from %s gets no Access-Control-* headers (D2)',
    async (origin) => {
      const res = await h.send('get', '/api/me', {}).then(() =>
        request(h.url).options('/api/me').set({
          Origin: origin,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'x-csrf',
        }),
      );
      for (const name of Object.keys(res.headers)) expect(name.startsWith('access-control-')).toBe(false);
      const get = await api('/api/me', { Origin: origin });
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      expect(get.headers['access-control-allow-credentials']).toBeUndefined();
    },
  );
});

describe('fetch metadata and Origin (D3)', () => {
  it('cross-site requests and foreign origins are refused with 403 before the session is used (D3)', async () => {
    expect((await api('/api/me', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    const foreign = await api('/api/me', { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('forbidden_origin');
    expect((await api('/api/me', { Origin: 'http://app.test', 'Sec-Fetch-Site': 'same-site' })).status).toBe(
      200,
    );
    expect(
      (await api('/api/me', { Origin: 'http://bff.test', 'Sec-Fetch-Site': 'same-origin' })).status,
    ).toBe(200);
    const logout = await h.post('/logout', { Cookie: cookie, 'X-CSRF': '1', Origin: 'https://evil.example' });
    expect(logout.status).toBe(403);
    expect((await api('/api/me')).status).toBe(200);
  });
});

describe('JSON only for writes (D4)', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'POST /api/sessions/revoke-others with %s gets 415 and changes nothing (D4)',
    async (type) => {
      const res = await h.sendRaw(
        'post',
        '/api/sessions/revoke-others',
        { Cookie: cookie, 'X-CSRF': '1', 'Content-Type': type },
        'a=1',
      );
      expect(res.status).toBe(415);
      expect(res.body.error).toBe('unsupported_media_type');
    },
  );
});

describe('headers on every response', () => {
  const cases: Array<[string, () => Promise<request.Response>]> = [
    ['/login 302', () => h.get('/login', { 'X-Forwarded-For': '198.51.100.3' })],
    ['/callback error 303', () => h.get('/callback?state=x', { 'X-Forwarded-For': '198.51.100.3' })],
    ['/api/me 200', () => api('/api/me')],
    ['/api/me 401', () => h.get('/api/me', { 'X-CSRF': '1' })],
    ['/api/me 403', () => h.get('/api/me', {})],
    [
      '/api/investor 502',
      async () => {
        h.sim.control.injectFault({ match: { path: /\/investor$/ }, kind: 'status', status: 500 });
        return api('/api/investor');
      },
    ],
    [
      '/api/documents 503',
      async () => {
        h.sim.control.injectFault({ match: { path: /\/documents$/ }, kind: 'status', status: 429 });
        return api('/api/documents');
      },
    ],
    ['404', () => h.get('/nope')],
    ['405', () => h.send('delete', '/login', {})],
    ['/healthz', () => h.get('/healthz')],
    ['/logout 204', () => h.post('/logout', { 'X-CSRF': '1' })],
  ];

  it.each(cases)(
    '%s carries helmet, no-store, a strict CSP and a charset (E1, E2, E3, E5)',
    async (_name, send) => {
      const res = await send();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['content-security-policy']).toBe(STRICT_CSP);
      expect(res.headers['x-request-id']).toBeDefined();
      if (!['/healthz', '404', '405'].includes(_name)) expect(res.headers['cache-control']).toBe('no-store');
      if (res.text) expect(res.headers['content-type']).toMatch(/charset=utf-8/);
    },
  );

  it('the HTML demo page keeps helmet’s page CSP (scripts from self only) (E1)', async () => {
    const res = await h.get('/');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('errors (F1, F2)', () => {
  it('error bodies carry only error, message and requestId (F1)', async () => {
    for (const res of [
      await h.get('/nope'),
      await api('/api/documents/..%2F/view'),
      await h.get('/api/me', {}),
    ]) {
      expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'requestId']);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    }
  });

  it('an unexpected exception becomes a generic 500 without a stack or a cookie, and the app keeps serving (F2)', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
    const app = express();
    app.use(requestContext(logger));
    app.get('/boom', (req) => {
      req.session = { secretThing: 'x' } as never;
      throw new TypeError('kaboom at /srv/app/secret.js:12');
    });
    app.get('/ok', (_req, res) => void res.json({ ok: true }));
    app.use(createErrorHandler('json', { appUrl: 'http://app.test' }));
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: 'internal_error',
      message: 'Something went wrong.',
      requestId: expect.any(String),
    });
    expect(res.text).not.toContain('kaboom');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(lines.join('\n')).toContain('kaboom');
    expect((await request(app).get('/ok')).status).toBe(200);
  });
});

describe('rate limits per client address (H2, C4)', () => {
  it('past RATE_LIMIT_LOGIN requests a minute, /login answers 429 with Retry-After; /callback counts apart (H2)', async () => {
    const ip = { 'X-Forwarded-For': '203.0.113.7' };
    for (let i = 0; i < 5; i++) expect((await h.get('/login', ip)).status).toBe(302);
    const limited = await h.get('/login', ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error).toBe('rate_limited');
    expect((await h.get('/callback?state=x', ip)).status).toBe(303);
    expect((await h.get('/login', { 'X-Forwarded-For': '203.0.113.8' })).status).toBe(302);
    expect(await h.redisChild.admin.keys('rl:login:*')).not.toEqual([]);
  });

  it('with TRUST_PROXY=1 the address is the one the proxy saw, so a spoofed left-most X-Forwarded-For does not help (C4)', async () => {
    for (let i = 0; i < 5; i++)
      expect((await h.get('/login', { 'X-Forwarded-For': `6.6.6.${i}, 10.0.0.9` })).status).toBe(302);
    expect((await h.get('/login', { 'X-Forwarded-For': '6.6.6.99, 10.0.0.9' })).status).toBe(429);
  });

  it('a made-up X-Forwarded-For that is no address is no new bucket: every such value counts in one', async () => {
    const made = ['{slot}', 'evil', 'x, {a}', '999.1.1.1', 'fe80::zz', 'unknown', '1.2.3', 'a'.repeat(200)];
    for (let i = 0; i < 5; i++)
      expect((await h.get('/login', { 'X-Forwarded-For': made[i]! })).status).toBe(302);
    for (const value of made.slice(5))
      expect((await h.get('/login', { 'X-Forwarded-For': value })).status).toBe(429);
    expect(await h.redisChild.admin.keys('rl:login:*{*')).toEqual([]);
  });
});

describe('the limit holds across instances (H2)', () => {
  it('two BFF instances sharing Redis share one count per address (H2)', async () => {
    const other = await startHarness({
      redis: h.redisChild,
      shareSimulatorOf: h,
      env: { RATE_LIMIT_LOGIN: '5', TRUST_PROXY: '1' },
    });
    try {
      const ip = { 'X-Forwarded-For': '192.0.2.44' };
      for (let i = 0; i < 5; i++) expect((await (i % 2 ? other : h).get('/login', ip)).status).toBe(302);
      expect((await other.get('/login', ip)).status).toBe(429);
      expect((await h.get('/login', ip)).status).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe('security events are logged with a reason code, never with the raw session id (F3)', () => {
  it('login success and failure, logout, revocation and rate limiting all appear (F3)', async () => {
    const l = await h.login(SEEDED.entity, { headers: { 'X-Forwarded-For': '198.51.100.9' } });
    await h.get('/callback?state=nope', { 'X-Forwarded-For': '198.51.100.9' });
    await h.post('/api/sessions/revoke-others', { Cookie: l.cookie!, 'X-CSRF': '1' });
    await h.post('/logout', { Cookie: l.cookie!, 'X-CSRF': '1' });
    const events = h.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const names = new Set(events.map((e) => e.event));
    for (const e of ['login_success', 'login_failure', 'logout', 'sessions_revoked', 'rate_limited'])
      expect(names).toContain(e);
    expect(events.find((e) => e.event === 'login_failure')!.reason).toBe('invalid_state');
    const sid = sidOf(l.cookie!);
    expect(h.logs.join('\n')).not.toContain(sid);
    expect(events.filter((e) => e.event === 'logout').every((e) => typeof e.session === 'string')).toBe(true);
    expect(events.every((e) => e.event !== 'http_request' || typeof e.reqId === 'string')).toBe(true);
  });
});
