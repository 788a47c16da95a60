import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { SEEDED } from '../../src/simulator';
import { startHarness, Harness } from '../helpers/harness';
import { APP_ORIGIN, AUDIENCE, Backend, bearer, ISSUER, startBackend } from '../helpers/app-backend';
import { NginxChild, startNginx } from '../helpers/nginx';
import { forwardAuthServer } from '../helpers/nginx-site';
import { policyFile, signingKey, verifyAssertion } from '../helpers/vouch';
import { BATTERY_POLICY, policyBattery } from './proxy-battery';

/**
 * A real nginx (auth_request) in front of the example app backend, asking the BFF's forward-auth
 * listener about every request: the nginx server block the docs show, end to end. The policy
 * battery (the cases Caddy must answer alike) runs first; then what is nginx's own.
 */
describe('nginx auth_request in front of the example backend', () => {
  let h: Harness;
  let backend: Backend;
  let nginx: NginxChild;
  let verified: string;
  let processing: string;

  beforeAll(async () => {
    h = await startHarness({
      env: {
        FORWARD_AUTH_PORT: '0',
        POLICY_FILE: policyFile(BATTERY_POLICY),
        ASSERTION_SIGNING_KEYS: signingKey('k1'),
      },
    });
    backend = await startBackend(`${h.url}/.well-known/jwks.json`);
    nginx = await startNginx({
      servers: forwardAuthServer({ forwardAuth: new URL(h.faUrl).host, backend: backend.addr }),
    });
    verified = (await h.login(SEEDED.verified)).cookie!;
    processing = (await h.login(SEEDED.processing)).cookie!;
  });
  afterAll(async () => {
    await nginx?.stop();
    await backend?.close();
    await h?.close();
  });

  policyBattery(() => ({
    port: nginx.port,
    bffUrl: h.url,
    backend,
    cookies: { verified, unverified: processing },
  }));

  const get = (path: string, headers: Record<string, string> = {}) =>
    request(nginx.url).get(path).set(headers).redirects(0);

  test('the backend verifies the assertion against the JWKS; a rule without a policy needs only a session', async () => {
    const from = backend.seen.length;
    const res = await get('/app/offerings', { Cookie: verified });
    expect([res.status, res.body.investor]).toEqual([200, SEEDED.verified]);
    const { protectedHeader } = await verifyAssertion(h.url, bearer(backend.since(from)[0]), {
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    expect(protectedHeader.kid).toBe('k1');
    const who = await get('/app/whoami', { Cookie: processing });
    expect([who.status, who.body.investor]).toEqual([200, SEEDED.processing]);
    expect(who.body.claims).toMatchObject({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: SEEDED.processing,
      verified: false,
    });
  });

  test('a 403 rebuilt by nginx carries the requirement and the way to finish KYC; its own path normalisation gets no weaker rule', async () => {
    const from = backend.seen.length;
    const res = await get('/app/offerings', { Cookie: processing });
    expect([res.status, res.body, res.headers['x-auth-requirement']]).toEqual([
      403,
      { error: 'kyc_required' },
      'verified',
    ]);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-auth-action']).toMatch(/#\/profile\/verification\/type\?issuerId=/);
    expect(res.headers['cache-control']).toBe('no-store');

    const tricks = [
      '/app//offerings',
      '/app/%6Ffferings',
      '/app/./offerings',
      // nginx keeps `;` in a segment, so its `..` climbs differently: refused, never read as /app/.
      '/app/offerings/;/..',
      '/app/offerings/;x/..',
      '/app/offerings/.;x/..',
      '/app/offerings%3B',
    ];
    for (const path of tricks) {
      const trick = await get(path, { Cookie: processing });
      expect([path, trick.status]).toEqual([path, 403]);
      expect(['kyc_required', 'path_rejected']).toContain(trick.headers['x-auth-reason']);
    }
    expect(backend.since(from)).toEqual([]);
  });

  test('a cookie that names no session, or a bearer token of the browser’s own: 401 login_required', async () => {
    const from = backend.seen.length;
    const forged = await get('/app/whoami', { Cookie: 'sid=s%3Anope.nope', Authorization: 'Bearer x.y.z' });
    expect([forged.status, forged.body, forged.headers['cache-control']]).toEqual([
      401,
      { error: 'login_required' },
      'no-store',
    ]);
    expect(backend.since(from)).toEqual([]);
  });

  test('an unsafe method needs the app origin and a method its rule lists, even for a verified investor', async () => {
    const from = backend.seen.length;
    const post = (headers: Record<string, string>) =>
      request(nginx.url)
        .post('/app/orders')
        .set({ Cookie: verified, 'X-CSRF': '1', ...headers })
        .send({ offering: 'green-bond-2031', amount: 1000 });
    const foreign = await post({ Origin: 'https://evil.test' });
    expect([foreign.status, foreign.headers['x-auth-reason']]).toEqual([403, 'forbidden_origin']);
    const crossSite = await post({ 'Sec-Fetch-Site': 'cross-site' });
    expect([crossSite.status, crossSite.headers['x-auth-reason']]).toEqual([403, 'forbidden_origin']);
    const put = await request(nginx.url)
      .put('/app/orders')
      .set({ Cookie: verified, 'X-CSRF': '1', Origin: APP_ORIGIN });
    expect([put.status, put.headers['x-auth-reason']]).toEqual([403, 'method_not_allowed']);
    expect(backend.since(from)).toEqual([]);
  });

  // Last in this block: it freezes the harness's Redis.
  test("forward-auth's 503 (Redis unavailable) reaches the browser as 503, not nginx's 500", async () => {
    const from = backend.seen.length;
    h.redisChild.freeze();
    try {
      const started = performance.now();
      const res = await get('/app/whoami', { Cookie: verified });
      expect([res.status, res.body]).toEqual([503, { error: 'auth_unavailable' }]);
      expect([res.headers['x-auth-reason'], res.headers['retry-after']]).toEqual([
        'session_store_unavailable',
        '2',
      ]);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      h.redisChild.thaw();
    }
    // It was the BFF's own answer (not a refused connection, 502, or a timeout, 504).
    expect(nginx.errorLog()).toMatch(/auth request unexpected status: 503/);
    expect(backend.since(from)).toEqual([]);
  });
});
