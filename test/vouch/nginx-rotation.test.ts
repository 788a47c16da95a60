import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { SEEDED } from '../../src/simulator';
import { startHarness, Harness } from '../helpers/harness';
import { AUDIENCE, Backend, bearer, close, ISSUER, listen, startBackend } from '../helpers/app-backend';
import { startNginx } from '../helpers/nginx';
import { forwardAuthServer } from '../helpers/nginx-site';
import { policyFile, signingKey, verifyAssertion } from '../helpers/vouch';
import { BATTERY_POLICY } from './proxy-battery';

const harnessEnv = (keys: string) => ({
  FORWARD_AUTH_PORT: '0',
  POLICY_FILE: policyFile(BATTERY_POLICY),
  ASSERTION_SIGNING_KEYS: keys,
});

const nginxFor = (h: Harness, backend: Backend) =>
  startNginx({ servers: forwardAuthServer({ forwardAuth: new URL(h.faUrl).host, backend: backend.addr }) });

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
