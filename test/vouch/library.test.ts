import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import {
  createBff,
  createLogger,
  createMetrics,
  createRedis,
  createSecuritizeClient,
  loadConfig,
} from '../../src';
import { createSimulator, SEEDED } from '../../src/simulator';
import { CLIENT_ID, ENCRYPTION_KEYS, loginAs, SECRET, SESSION_SECRET } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { policyFile, signingKey, verifyAssertion } from '../helpers/vouch';
import { startUpstream } from '../helpers/upstream';

/** Library mode: the BFF's decisions on a host app's own routes. */
let redisChild: RedisChild;
let server: Server;
let url: string;
let closeSim: () => Promise<void>;
let closeRedis: () => void;
let simUrl: string;
let config: ReturnType<typeof loadConfig>;
const sim = createSimulator({
  clients: [{ clientId: CLIENT_ID, secret: SECRET, redirectUrls: ['http://shop.test/*'] }],
});
const upstreamSaw: string[] = [];
let backend: Awaited<ReturnType<typeof startUpstream>>;

beforeAll(async () => {
  redisChild = await startRedisServer();
  backend = await startUpstream();
  const s = await sim.listen(0);
  closeSim = s.close;
  simUrl = s.url;
  config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://shop.test/bff',
    APP_URL: 'http://shop.test',
    SECURITIZE_CLIENT_ID: CLIENT_ID,
    SECURITIZE_SECRET: SECRET,
    SECURITIZE_API_URL: s.url,
    SECURITIZE_LOGIN_URL: s.url,
    REDIS_URL: redisChild.url,
    SESSION_SECRET,
    TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
    ASSERTION_SIGNING_KEYS: signingKey('lib'),
    LOG_LEVEL: 'silent',
    POLICY_FILE: policyFile(`
policies:
  eligible: { verified: true, investorTypes: [individual] }
rules:
  - { path: /shop/invest, policy: eligible }
  - { path: /shop, policy: null }
apis:
  - { prefix: /app-api/orders, upstream: "${backend.url}/v1", policy: eligible }
`),
  });
  const logger = createLogger(config.logLevel);
  const redis = createRedis(config.redis, logger);
  closeRedis = () => redis.disconnect();
  const securitize = createSecuritizeClient(config.securitize);
  const bff = createBff({
    config,
    redis,
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
    securitize,
  });

  const app = express();
  app.use('/bff', bff.router);
  app.post('/orders', bff.requirePolicy('eligible'), (req, res) => {
    upstreamSaw.push(req.investorAssertion!);
    res.json({ ok: true });
  });
  app.get('/portfolio', bff.requirePolicy({ verified: true }, { audience: 'portfolio' }), (req, res) => {
    res.json({ assertion: req.investorAssertion });
  });
  app.use('/shop', bff.enforceRules, (req, res) => void res.json({ assertion: req.investorAssertion }));
  // A path no rule covers: the policy file says nothing of a default, so it is refused.
  app.use('/elsewhere', bff.enforceRules, (_req, res) => void res.json({ reached: true }));
  app.get('/call', async (req, res, next) => {
    try {
      res.json({ assertion: await bff.assertionFor(req, { audience: 'orders-service' }) });
    } catch (err) {
      next(err);
    }
  });
  app.use(bff.errorHandler);
  server = await new Promise((r) => {
    const srv = app.listen(0, '127.0.0.1', () => r(srv));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  closeRedis();
  await closeSim();
  await redisChild.close();
  await backend.close();
});

const send = (_method: 'get', path: string, headers: Record<string, string> = {}) =>
  request(url)
    .get(path.startsWith('/bff/') ? path : `/bff${path}`)
    .set(headers)
    .redirects(0);
const loginAsInvestor = async (id: string) => (await loginAs(send, simUrl, id, config, {})).cookie!;
const rawStatus = (path: string, cookie: string) =>
  new Promise<number>((resolve) => {
    const { port } = new URL(url);
    http.get({ port, host: '127.0.0.1', path, headers: { Cookie: cookie } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
  });
const verify = (jwt: string, audience: string) =>
  verifyAssertion(`${url}/bff`, jwt, { issuer: 'http://shop.test/bff', audience });

test('requirePolicy by name: allowed with req.investorAssertion, refused with the denial', async () => {
  const individual = await loginAsInvestor(SEEDED.verified);
  // The app's own write: X-CSRF, as its pages send (test/vouch/library-cross-site.test.ts refuses the rest).
  const ok = await request(url).post('/orders').set({ Cookie: individual, 'X-CSRF': '1' });
  expect(ok.status).toBe(200);
  const { payload } = await verify(upstreamSaw.pop()!, 'http://shop.test');
  expect(payload.sub).toBe(SEEDED.verified);
  const entity = await loginAsInvestor(SEEDED.entity);
  const denied = await request(url).post('/orders').set({ Cookie: entity, 'X-CSRF': '1' });
  expect([denied.status, denied.body.error, denied.body.reason]).toEqual([
    403,
    'not_eligible',
    'investorTypes',
  ]);
  expect((await request(url).post('/orders').set('X-CSRF', '1')).status).toBe(401);
  expect(upstreamSaw).toEqual([]);
});

test('requirePolicy with requirements in place and an audience of its own', async () => {
  const processing = await loginAsInvestor(SEEDED.processing);
  expect((await request(url).get('/portfolio').set('Cookie', processing)).body.error).toBe('kyc_required');
  const verified = await loginAsInvestor(SEEDED.verified);
  const res = await request(url).get('/portfolio').set('Cookie', verified);
  await verify(res.body.assertion, 'portfolio');
});

test('enforceRules applies the rules to the host app’s own paths; assertionFor gives the assertion for a call', async () => {
  const entity = await loginAsInvestor(SEEDED.entity);
  expect((await request(url).get('/shop/invest/x').set('Cookie', entity)).status).toBe(403);
  expect((await request(url).get('/shop/INVEST').set('Cookie', entity)).status).toBe(403);
  // Express routes `..` as a parameter: a dot segment is refused rather than read as /shop.
  for (const path of ['/shop/invest/..', '/shop/invest/%2e%2e', '/shop/invest/..;x/documents'])
    expect([path, await rawStatus(path, entity)]).toEqual([path, 400]);
  const home = await request(url).get('/shop/home').set('Cookie', entity);
  expect(home.status).toBe(200);
  await verify(home.body.assertion, 'http://shop.test');
  const call = await request(url).get('/call').set('Cookie', entity);
  expect((await verify(call.body.assertion, 'orders-service')).payload.sub).toBe(SEEDED.entity);
  expect((await request(url).get('/call')).status).toBe(401);
  // No rule covers /elsewhere: refused for the logged-in investor and the visitor alike (403, not 401).
  for (const cookie of [entity, ''])
    expect((await request(url).get('/elsewhere/x').set('Cookie', cookie)).body.error).toBe('no_rule');
});

test('a policy name missing from POLICY_FILE is an error when the middleware is made', () => {
  const redis = createRedis(config.redis, createLogger('silent'));
  const bff = createBff({
    config,
    redis,
    logger: createLogger('silent'),
    securitize: createSecuritizeClient(config.securitize),
  });
  expect(() => bff.requirePolicy('elegible')).toThrow('no policy named "elegible"');
  expect(() => bff.requirePolicy('constructor')).toThrow('no policy named "constructor"');
  redis.disconnect();
});

test('the gateway inside a mounted router: /bff/app-api/orders/… reaches the upstream, and .. cannot climb out', async () => {
  const individual = await loginAsInvestor(SEEDED.verified);
  const headers = { Cookie: individual, 'X-CSRF': '1' };
  expect((await request(url).get('/bff/app-api/orders/7?x=1').set(headers)).status).toBe(200);
  expect((await request(url).get('/bff/app-api/orders').set(headers)).status).toBe(200);
  expect(backend.seen.map((r) => r.url)).toEqual(['/v1/7?x=1', '/v1']);
  // Sent as written (a client-side URL parser would resolve the dots itself).
  const escape = await new Promise<number>((resolve) => {
    const { port } = new URL(url);
    http.get({ port, host: '127.0.0.1', path: '/bff/app-api/orders/../../api/me', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
  });
  expect(escape).toBe(400);
});
