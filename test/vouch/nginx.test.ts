import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { createAppBackend } from '../../examples/app-backend/server';
import { SEEDED } from '../../src/simulator';
import { startHarness, Harness } from '../helpers/harness';
import { forwardAuthServer, NginxChild, startNginx } from '../helpers/nginx';
import { policyFile, signingKey, verifyAssertion } from '../helpers/vouch';

/**
 * A real nginx (auth_request) in front of the example app backend, asking the BFF's forward-auth
 * listener about every request: the nginx server block the docs show, end to end.
 */

// The paths the browser uses: nginx sends forward-auth $request_uri, not the backend's path.
const POLICY = `
rules:
  - { path: /app/offerings, methods: [GET], policy: { verified: true } }
  - { path: /app/orders, methods: [POST], policy: { verified: true } }
  - { path: /app/whoami, methods: [GET], policy: null }
`;
const ISSUER = 'http://bff.test'; // the harness's PUBLIC_URL
const AUDIENCE = 'http://app.test'; // its APP_URL
const APP_ORIGIN = 'http://app.test';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** The example backend on a free port, with every request it gets (method, URL, headers) recorded. */
async function startBackend(jwksUrl: string) {
  const server = createAppBackend({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
  const seen: Seen[] = [];
  server.on('request', (req) =>
    seen.push({ method: req.method!, url: req.url!, headers: { ...req.headers } }),
  );
  await listen(server);
  return {
    addr: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    /** What the backend got since `from` (an index into `seen`). */
    since: (from: number) => seen.slice(from),
    close: () => close(server),
  };
}
type Backend = Awaited<ReturnType<typeof startBackend>>;

const listen = (server: Server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const close = (server: Server) => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
};

const nginxFor = (h: Harness, backend: Backend) =>
  startNginx({ servers: forwardAuthServer({ forwardAuth: new URL(h.faUrl).host, backend: backend.addr }) });

const bearer = (s: Seen | undefined) => String(s?.headers.authorization ?? '').replace(/^Bearer /, '');

const harnessEnv = (keys: string) => ({
  FORWARD_AUTH_PORT: '0',
  POLICY_FILE: policyFile(POLICY),
  ASSERTION_SIGNING_KEYS: keys,
});

describe('nginx auth_request in front of the example backend', () => {
  let h: Harness;
  let backend: Backend;
  let nginx: NginxChild;
  let verified: string;
  let processing: string;

  beforeAll(async () => {
    h = await startHarness({ env: harnessEnv(signingKey('k1')) });
    backend = await startBackend(`${h.url}/.well-known/jwks.json`);
    nginx = await nginxFor(h, backend);
    verified = (await h.login(SEEDED.verified)).cookie!;
    processing = (await h.login(SEEDED.processing)).cookie!;
  });
  afterAll(async () => {
    await nginx?.stop();
    await backend?.close();
    await h?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    request(nginx.url).get(path).set(headers).redirects(0);
  const post = (path: string, headers: Record<string, string> = {}) =>
    request(nginx.url)
      .post(path)
      .set(headers)
      .send({ offering: 'green-bond-2031', amount: 1000 })
      .redirects(0);

  test('a verified investor reaches the backend, which verified the assertion against the JWKS', async () => {
    const from = backend.seen.length;
    const res = await get('/app/offerings', { Cookie: verified });
    expect([res.status, res.body.investor, res.body.verified]).toEqual([200, SEEDED.verified, true]);
    expect(res.body.offerings).toHaveLength(3);
    // The prefix is stripped: the backend served its own /offerings.
    const [call] = backend.since(from);
    expect([backend.since(from).length, call?.method, call?.url]).toEqual([1, 'GET', '/offerings']);
    const { payload, protectedHeader } = await verifyAssertion(h.url, bearer(call), {
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    expect([protectedHeader.kid, payload.sub, payload.verified]).toEqual(['k1', SEEDED.verified, true]);

    // A rule without a policy needs only a session; the backend shows the claims it verified.
    const who = await get('/app/whoami', { Cookie: processing });
    expect([who.status, who.body.investor]).toEqual([200, SEEDED.processing]);
    expect(who.body.claims).toMatchObject({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: SEEDED.processing,
      verified: false,
    });
  });

  test('an investor without KYC gets 403 kyc_required with the requirement and the way to finish it; the backend is never called', async () => {
    const from = backend.seen.length;
    const res = await get('/app/offerings', { Cookie: processing });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: 'kyc_required' });
    expect(res.headers['x-auth-reason']).toBe('kyc_required');
    expect(res.headers['x-auth-requirement']).toBe('verified');
    expect(res.headers['x-auth-action']).toMatch(/#\/profile\/verification\/type\?issuerId=/);
    expect(res.headers['x-investor-assertion']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');

    // Neither a spoofed X-Original-URI nor nginx's path normalisation gets the policy-free rule of /app/whoami.
    const tricks: [string, Record<string, string>][] = [
      ['/app/offerings', { 'X-Original-URI': '/app/whoami', 'X-Original-Method': 'GET' }],
      ['/app/whoami/../offerings', {}],
      ['/app//offerings', {}],
      ['/app/%6Ffferings', {}],
      ['/app/./offerings', {}],
      // nginx keeps `;` in a segment, so its `..` climbs differently: refused, never read as /app/.
      ['/app/offerings/;/..', {}],
      ['/app/offerings/;x/..', {}],
      ['/app/offerings/.;x/..', {}],
      ['/app/offerings%3B', {}],
    ];
    for (const [path, headers] of tricks) {
      const trick = await get(path, { Cookie: processing, ...headers });
      expect([path, trick.status]).toEqual([path, 403]);
      expect(['kyc_required', 'path_rejected']).toContain(trick.headers['x-auth-reason']);
    }
    expect(backend.since(from)).toEqual([]);
  });

  test('without a session cookie: 401 login_required, the backend is never called', async () => {
    const from = backend.seen.length;
    for (const path of ['/app/whoami', '/app/offerings']) {
      const res = await get(path);
      expect([path, res.status, res.body]).toEqual([path, 401, { error: 'login_required' }]);
      expect([res.headers['x-auth-reason'], res.headers['cache-control']]).toEqual([
        'login_required',
        'no-store',
      ]);
    }
    // A cookie that names no session is no better, nor is a bearer token of the browser's own.
    const forged = await get('/app/whoami', { Cookie: 'sid=s%3Anope.nope', Authorization: 'Bearer x.y.z' });
    expect(forged.status).toBe(401);
    expect(backend.since(from)).toEqual([]);
  });

  test('an unsafe method needs X-CSRF and the app origin, even for a verified investor', async () => {
    const from = backend.seen.length;
    const bare = await post('/app/orders', { Cookie: verified });
    expect([bare.status, bare.headers['x-auth-reason'], bare.body]).toEqual([
      403,
      'csrf_required',
      { error: 'csrf_required' },
    ]);
    const foreign = await post('/app/orders', {
      Cookie: verified,
      'X-CSRF': '1',
      Origin: 'https://evil.test',
    });
    expect([foreign.status, foreign.headers['x-auth-reason']]).toEqual([403, 'forbidden_origin']);
    const crossSite = await post('/app/orders', {
      Cookie: verified,
      'X-CSRF': '1',
      'Sec-Fetch-Site': 'cross-site',
    });
    expect([crossSite.status, crossSite.headers['x-auth-reason']]).toEqual([403, 'forbidden_origin']);
    // The rule lists POST only.
    const put = await request(nginx.url)
      .put('/app/orders')
      .set({ Cookie: verified, 'X-CSRF': '1', Origin: APP_ORIGIN });
    expect([put.status, put.headers['x-auth-reason']]).toEqual([403, 'method_not_allowed']);
    expect(backend.since(from)).toEqual([]);

    // The app's own request goes through. The example backend has no POST route: its 404 (not its
    // 401 assertion_required) shows it verified the assertion first.
    const own = await post('/app/orders', {
      Cookie: verified,
      'X-CSRF': '1',
      Origin: APP_ORIGIN,
      'Sec-Fetch-Site': 'same-site',
    });
    expect([own.status, own.body]).toEqual([404, { error: 'not_found' }]);
    const calls = backend.since(from);
    expect(calls.map((c) => [c.method, c.url])).toEqual([['POST', '/orders']]);
    const { payload } = await verifyAssertion(h.url, bearer(calls[0]), {
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    expect(payload.sub).toBe(SEEDED.verified);
    // The body went along (the auth request had none).
    expect(calls[0]!.headers['content-length']).toBe(
      String(JSON.stringify({ offering: 'green-bond-2031', amount: 1000 }).length),
    );
  });

  test("the backend never gets the browser's cookie, and the browser's own Authorization and X-Investor-* are replaced", async () => {
    const from = backend.seen.length;
    const { cookie: entity } = await h.login(SEEDED.entity);
    const res = await get('/app/whoami', {
      Cookie: `${entity}; theme=dark`,
      Authorization: 'Bearer forged.by.browser',
      'X-Investor-Id': SEEDED.verified,
      'X-Investor-Assertion': 'forged.assertion.value',
    });
    expect([res.status, res.body.investor]).toEqual([200, SEEDED.entity]);
    const calls = backend.since(from);
    expect(calls).toHaveLength(1);
    const { headers } = calls[0]!;
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-investor-assertion']).toBeUndefined();
    expect(headers['x-investor-id']).toBe(SEEDED.entity);
    expect(headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(headers.authorization).not.toContain('forged');
    const { payload } = await verifyAssertion(h.url, bearer(calls[0]), {
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    expect([payload.sub, payload.investor_type]).toEqual([SEEDED.entity, 'entity']);
    // Nothing of the session cookie's value reached it anywhere.
    expect(JSON.stringify(headers)).not.toContain(entity!.split('=')[1]!.slice(0, 24));
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

/**
 * Rotating the assertion signing key across BFF deployments (same Redis, same Securitize), one
 * nginx per deployment, one backend throughout. The backend reaches "the BFF's public URL" through
 * a stable relay to the current deployment, as it would through a load balancer.
 */
describe('key rotation behind nginx', () => {
  const OLD = signingKey('old');
  const NEW = signingKey('new');
  const deployments: Harness[] = [];
  let current: Harness;
  let backend: Backend;
  let relay: Server;
  /** The backend's JWKS fetches, with the (real) time of each. */
  const jwksFetches: number[] = [];
  let cookie: string;
  let oldJwt: string;
  let newJwt: string;

  const deploy = async (keys: string) => {
    const first = deployments[0];
    const h = await startHarness({
      env: harnessEnv(keys),
      ...(first && { redis: first.redisChild, shareSimulatorOf: { sim: first.sim, simUrl: first.simUrl } }),
    });
    deployments.push(h);
    current = h;
    return h;
  };
  /** A request through a fresh nginx that asks `h`'s forward-auth; what the backend got for it. */
  const throughNginx = async (h: Harness, path: string) => {
    const nginx = await nginxFor(h, backend);
    try {
      const from = backend.seen.length;
      const res = await request(nginx.url).get(path).set('Cookie', cookie);
      const calls = backend.since(from);
      expect(calls).toHaveLength(1);
      return { res, jwt: bearer(calls[0]) };
    } finally {
      await nginx.stop();
    }
  };
  const kids = async (h: Harness) =>
    ((await request(h.url).get('/.well-known/jwks.json')).body.keys as { kid: string }[]).map((k) => k.kid);
  const verifyAt = (h: Harness, jwt: string) =>
    verifyAssertion(h.url, jwt, { issuer: ISSUER, audience: AUDIENCE });

  beforeAll(async () => {
    const first = await deploy(OLD);
    relay = createServer((req, res) => {
      jwksFetches.push(performance.timeOrigin + performance.now());
      fetch(`${current.url}${req.url}`)
        .then(async (r) => {
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
          res.end(await r.text());
        })
        .catch(() => res.writeHead(502).end());
    });
    await listen(relay);
    backend = await startBackend(
      `http://127.0.0.1:${(relay.address() as AddressInfo).port}/.well-known/jwks.json`,
    );
    cookie = (await first.login(SEEDED.verified)).cookie!;
  });
  afterAll(async () => {
    await backend?.close();
    if (relay) await close(relay);
    // The first deployment owns Redis and the simulator: it goes last.
    for (const h of deployments.reverse()) await h.close();
  });

  test('before: only "old" signs and is published; the backend fetches the JWKS once', async () => {
    const h = current;
    expect(await kids(h)).toEqual(['old']);
    const { res, jwt } = await throughNginx(h, '/app/whoami');
    expect([res.status, res.body.investor]).toEqual([200, SEEDED.verified]);
    expect(decodeProtectedHeader(jwt).kid).toBe('old');
    expect(jwksFetches).toHaveLength(1);
    oldJwt = jwt;
  });

  test('step 1 (ASSERTION_SIGNING_KEYS=old,new): "new" is published while "old" still signs', async () => {
    const h = await deploy(`${OLD},${NEW}`);
    expect(await kids(h)).toEqual(['old', 'new']);
    const { res, jwt } = await throughNginx(h, '/app/offerings');
    expect([res.status, res.body.investor]).toEqual([200, SEEDED.verified]);
    expect(decodeProtectedHeader(jwt).kid).toBe('old');
    // The backend knows "old": no refetch.
    expect(jwksFetches).toHaveLength(1);
  });

  test('step 2 (new,old): "new" signs; old assertions still verify; the backend refetches the JWKS for the unknown kid once its 30 s cooldown is over', async () => {
    const h = await deploy(`${NEW},${OLD}`);
    expect(await kids(h)).toEqual(['new', 'old']);
    // An assertion "old" signed verifies against the rotated deployment's keys, until it expires.
    const { payload } = await verifyAt(h, oldJwt);
    expect(payload.exp! - payload.iat!).toBe(60);
    const direct = await request(`http://${backend.addr}`)
      .get('/whoami')
      .set('Authorization', `Bearer ${oldJwt}`);
    expect([direct.status, direct.body.investor]).toEqual([200, SEEDED.verified]);

    // jose's createRemoteJWKSet refetches on an unknown kid only 30 s (its default cooldown) after
    // its last fetch: within that, the backend whose cache holds only "old" refuses "new".
    expect(Date.now() - jwksFetches[0]!).toBeLessThan(30_000);
    const early = await throughNginx(h, '/app/whoami');
    expect(decodeProtectedHeader(early.jwt).kid).toBe('new');
    expect([early.res.status, early.res.body]).toEqual([401, { error: 'assertion_required' }]);
    expect(jwksFetches).toHaveLength(1);

    // 31 s later (for every Date.now in this process, jose's cooldown included) it refetches once
    // and accepts. In a real rotation, step 1 lasts longer than the cooldown and jose's 10 min cache.
    const realNow = Date.now.bind(Date);
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 31_000);
    try {
      const later = await throughNginx(h, '/app/whoami');
      expect(decodeProtectedHeader(later.jwt).kid).toBe('new');
      expect([later.res.status, later.res.body.investor]).toEqual([200, SEEDED.verified]);
      expect(jwksFetches).toHaveLength(2);
      newJwt = later.jwt;
    } finally {
      clock.mockRestore();
    }
    await verifyAt(h, newJwt);
    expect(decodeJwt(newJwt).sub).toBe(SEEDED.verified);
  });

  test('step 3 (new only, once old assertions have expired): "old" is no longer published nor accepted', async () => {
    const h = await deploy(NEW);
    expect(await kids(h)).toEqual(['new']);
    await expect(verifyAt(h, oldJwt)).rejects.toThrow(/no applicable key found in the JSON Web Key Set/);
    await verifyAt(h, newJwt);
    const { res, jwt } = await throughNginx(h, '/app/offerings');
    expect([res.status, res.body.investor]).toEqual([200, SEEDED.verified]);
    expect(decodeProtectedHeader(jwt).kid).toBe('new');
  });
});
