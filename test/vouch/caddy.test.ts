import { performance } from 'node:perf_hooks';
import { SEEDED } from '../../src/simulator';
import { startHarness, Harness } from '../helpers/harness';
import { Backend, startBackend } from '../helpers/app-backend';
import { CaddyChild, startCaddy } from '../helpers/caddy';
import { caddySite, documentedCaddyfile, ORIGINAL_URI_LINE } from '../helpers/caddy-site';
import { rawRequest } from '../helpers/raw-http';
import { policyFile, signingKey } from '../helpers/vouch';
import { BATTERY_POLICY, policyBattery } from './proxy-battery';

/**
 * A real Caddy (forward_auth) in front of the example app backend, asking the BFF's forward-auth
 * listener about every request: the Caddyfile docs/app-backend.md shows, read from the page, end to
 * end. Caddy's forward_auth sends Traefik's header pair, so the BFF reads that one.
 */
describe('Caddy forward_auth (the documented Caddyfile) in front of the example backend', () => {
  let h: Harness;
  let backend: Backend;
  let caddy: CaddyChild;
  let verified: string;
  let processing: string;

  beforeAll(async () => {
    h = await startHarness({
      env: {
        FORWARD_AUTH_PORT: '0',
        FORWARD_AUTH_HEADERS: 'traefik',
        POLICY_FILE: policyFile(BATTERY_POLICY),
        ASSERTION_SIGNING_KEYS: signingKey('k1'),
      },
    });
    backend = await startBackend(`${h.url}/.well-known/jwks.json`);
    const site = caddySite(documentedCaddyfile(), {
      forwardAuth: new URL(h.faUrl).host,
      backend: backend.addr,
      bff: new URL(h.url).host,
    });
    caddy = await startCaddy({ site });
    verified = (await h.login(SEEDED.verified)).cookie!;
    processing = (await h.login(SEEDED.processing)).cookie!;
  });
  afterAll(async () => {
    await caddy?.stop();
    await backend?.close();
    await h?.close();
  });

  policyBattery(() => ({
    port: caddy.port,
    bffUrl: h.url,
    backend,
    cookies: { verified, unverified: processing },
  }));

  const get = (target: string, headers: [string, string][] = []) =>
    rawRequest(caddy.port, { target, headers });

  test('the documented Caddyfile keeps the lines the battery depends on: the original URI, the stripped browser credentials', () => {
    const text = documentedCaddyfile();
    for (const line of [
      ORIGINAL_URI_LINE,
      'request_header -Authorization',
      'request_header -X-Investor-*',
      'copy_headers X-Investor-Id X-Investor-Assertion',
      'request_header Authorization "Bearer {http.request.header.X-Investor-Assertion}"',
      'request_header -Cookie',
    ])
      expect(text).toContain(line);
  });

  test('every X-Investor-* header a browser sends is dropped before the backend, not only the two forward-auth sets', async () => {
    const from = backend.seen.length;
    const res = await get('/app/whoami', [
      ['Cookie', processing],
      ['X-Investor-Verified', 'true'],
      ['X-Investor-Country', 'CH'],
    ]);
    expect([res.status, res.json()?.investor]).toEqual([200, SEEDED.processing]);
    const [call] = backend.since(from);
    expect(Object.keys(call!.headers).filter((n) => n.startsWith('x-investor-'))).toEqual(['x-investor-id']);
  });

  test("a denial reaches the browser with forward-auth's own JSON body: the requirement, the way to finish KYC, a message", async () => {
    const res = await get('/app/offerings', [['Cookie', processing]]);
    expect([res.status, res.header('cache-control'), res.header('content-type')]).toEqual([
      403,
      'no-store',
      expect.stringMatching(/^application\/json/),
    ]);
    expect(res.json()).toMatchObject({
      error: 'kyc_required',
      reason: 'verified',
      action: expect.stringMatching(/#\/profile\/verification\/type\?issuerId=/),
      message: expect.any(String),
    });
    expect(res.header('x-auth-action')).toBe(res.json()?.action);
  });

  test("the BFF's own paths reach the BFF on the same host (the Caddyfile's last handle)", async () => {
    const res = await get('/.well-known/jwks.json');
    expect([res.status, (res.json()?.keys as { kid: string }[])?.map((k) => k.kid)]).toEqual([200, ['k1']]);
  });

  test("an unreachable forward-auth is Caddy's own 502, and the backend is never called", async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const site = caddySite(documentedCaddyfile(), {
      forwardAuth: '127.0.0.1:1',
      backend: backend.addr,
      bff: new URL(h.url).host,
    });
    const cut = await startCaddy({ site });
    try {
      const from = backend.seen.length;
      const res = await rawRequest(cut.port, { target: '/app/whoami', headers: [['Cookie', verified]] });
      expect([res.status, res.header('x-investor-assertion')]).toEqual([502, undefined]);
      expect(backend.since(from)).toEqual([]);
    } finally {
      await cut.stop();
    }
  });

  // Last in this block: it freezes the harness's Redis.
  test("forward-auth's 503 (Redis unavailable) reaches the browser as it is: 503 with its reason and Retry-After", async () => {
    const from = backend.seen.length;
    h.redisChild.freeze();
    try {
      const started = performance.now();
      const res = await get('/app/whoami', [['Cookie', verified]]);
      expect([res.status, res.header('x-auth-reason'), res.header('retry-after')]).toEqual([
        503,
        'session_store_unavailable',
        '2',
      ]);
      expect(res.json()?.error).toBe('session_store_unavailable');
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      h.redisChild.thaw();
    }
    expect(backend.since(from)).toEqual([]);
  });
});
