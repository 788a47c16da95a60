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
  requireInvestor,
} from '../../src';
import { createSimulator, SEEDED } from '../../src/simulator';
import { CLIENT_ID, ENCRYPTION_KEYS, SECRET, SESSION_SECRET } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { cookieHeader } from '../helpers/cookies';

/** The README's library example, run: the BFF mounted under /bff inside an existing Express app. */
let redisChild: RedisChild;
let server: Server;
let url: string;
const sim = createSimulator({
  clients: [{ clientId: CLIENT_ID, secret: SECRET, redirectUrls: ['http://shop.test/*'] }],
});
let closeSim: () => Promise<void>;
let closeRedis: () => void;

beforeAll(async () => {
  redisChild = await startRedisServer();
  const s = await sim.listen(0);
  closeSim = s.close;
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://shop.test/bff', // the mount point is part of the public URL
    APP_URL: 'http://shop.test',
    SECURITIZE_CLIENT_ID: CLIENT_ID,
    SECURITIZE_SECRET: SECRET,
    SECURITIZE_API_URL: s.url,
    SECURITIZE_LOGIN_URL: s.url,
    REDIS_URL: redisChild.url,
    SESSION_SECRET,
    TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger(config.logLevel);
  const redis = createRedis(config.redis, logger);
  closeRedis = () => redis.disconnect();
  const metrics = createMetrics({ defaultMetrics: false });
  const securitize = createSecuritizeClient(config.securitize);
  const deps = { config, redis, logger, metrics, securitize };

  // The host application.
  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.get('/', (_req, res) => void res.send('shop home'));
  const bff = createBff(deps);
  app.use('/bff', bff.router);
  app.get(
    '/portfolio',
    bff.readSession,
    requireInvestor,
    (req, res) => void res.json({ investor: req.bff!.record.investorId }),
  );
  // The host's own route that calls Securitize for the investor: fresh tokens, refresh and retry included.
  app.get('/kyc-status', bff.readSession, requireInvestor, async (req, res, next) => {
    try {
      const investor = await bff.withAccessToken(req, (token) => securitize.getInvestor(token));
      res.json({ verified: investor.verified });
    } catch (err) {
      next(err); // Express 4 does not catch a rejected handler
    }
  });
  // A write: only from your own pages (X-CSRF: 1, your Origin), by a verified investor.
  app.post('/orders', bff.requirePolicy({ verified: true }), (req, res) => {
    res.json({ ok: true }); // req.investorAssertion: for the calls this route makes to your services
  });
  app.use(bff.errorHandler); // JSON errors: 401 login_required, 503 session_store_unavailable, …
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
});

it('mounted under /bff: login, the API and logout work, the host app reads the same session, and its write route takes only the app’s own requests', async () => {
  const login = await request(url).get('/bff/login?returnTo=/portfolio').redirects(0);
  expect(login.status).toBe(302);
  const fragment = new URLSearchParams(String(login.headers.location).split('#/authorize?')[1]);
  expect(fragment.get('redirecturl')).toMatch(/^http:\/\/shop\.test\/bff\/callback\/[A-Za-z0-9_-]{43}$/);
  const approve = await request(sim.app)
    .post('/login/approve')
    .type('form')
    .send({
      issuerId: CLIENT_ID,
      redirecturl: fragment.get('redirecturl'),
      investorId: SEEDED.entity,
      action: 'approve',
    })
    .redirects(0);
  const callback = new URL(String(approve.headers.location));
  expect(callback.pathname).toMatch(/^\/bff\/callback\/[A-Za-z0-9_-]{43}$/);
  const cb = await request(url)
    .get(callback.pathname + callback.search)
    .set('Cookie', cookieHeader(login.headers['set-cookie'], 'tx')!)
    .redirects(0);
  expect(cb.headers.location).toBe('http://shop.test/portfolio');
  const cookie = cookieHeader(cb.headers['set-cookie'], 'sid')!;

  expect((await request(url).get('/bff/api/me').set({ Cookie: cookie, 'X-CSRF': '1' })).body.investorId).toBe(
    SEEDED.entity,
  );
  expect(
    (await request(url).get('/bff/api/investor').set({ Cookie: cookie, 'X-CSRF': '1' })).body.investorType,
  ).toBe('entity');
  expect((await request(url).get('/portfolio').set('Cookie', cookie)).body).toEqual({
    investor: SEEDED.entity,
  });
  // withAccessToken in the host's route: an expired access token is refreshed once, then the call goes through.
  sim.control.expireAccessTokens();
  const before = sim.control.stats().refreshes;
  expect((await request(url).get('/kyc-status').set('Cookie', cookie)).body).toEqual({ verified: true });
  expect(sim.control.stats().refreshes).toBe(before + 1);
  expect(sim.control.stats().refreshTokenReuse).toBe(0);
  // The write: the app's own page gets through; a form on another site, or a request without X-CSRF, does not.
  const order = (headers: Record<string, string>) =>
    request(url)
      .post('/orders')
      .set({ Cookie: cookie, ...headers });
  expect((await order({ 'X-CSRF': '1', Origin: 'http://shop.test' })).body).toEqual({ ok: true });
  expect((await order({ Origin: 'https://evil.example' })).body.error).toBe('forbidden_origin');
  expect((await order({})).body.error).toBe('csrf_required');
  expect((await request(url).get('/')).text).toBe('shop home');
  expect((await request(url).get('/bff/nope')).status).toBe(404);
  expect((await request(url).post('/bff/logout').set({ Cookie: cookie, 'X-CSRF': '1' })).status).toBe(204);
  const after = await request(url).get('/portfolio').set('Cookie', cookie);
  expect([after.status, after.body.error]).toEqual([401, 'login_required']);
});
