import express from 'express';
import request from 'supertest';
import { SEEDED } from '../../src/simulator';
import { APP_ORIGIN, LibraryWorld, startLibraryWorld } from '../helpers/library-host';

/**
 * Library mode's writes: requirePolicy and enforceRules ask an unsafe method for the same proof as
 * /api does (an own or no Origin, no `Sec-Fetch-Site: cross-site`, `X-CSRF: 1`), before the policy
 * is looked at; a route or rule may opt out with allowCrossSite.
 */
const POLICY = `
policies:
  eligible: { verified: true, investorTypes: [individual] }
rules:
  - { path: /shop/hooks, methods: [POST], policy: null, allowCrossSite: true }
  - { path: /shop, policy: eligible }
`;
const EVIL = { Origin: 'https://evil.example' };
const CROSS_SITE = { 'Sec-Fetch-Site': 'cross-site' };
const OWN = { Origin: APP_ORIGIN, 'Sec-Fetch-Site': 'same-origin', 'X-CSRF': '1' };
let w: LibraryWorld;
let cookie: string;
let reached = 0;

beforeAll(async () => {
  w = await startLibraryWorld(POLICY);
  const { bff } = w;
  const app = express();
  const handler = (_req: express.Request, res: express.Response) => {
    reached += 1;
    res.json({ ok: true });
  };
  app.use('/bff', bff.router);
  // The docs' route, and one for every method.
  app.post('/orders', bff.requirePolicy('eligible'), handler);
  app.all('/account', bff.requirePolicy(null), handler);
  app.post('/payment-return', bff.requirePolicy(null, { allowCrossSite: true }), handler);
  app.use('/shop', bff.enforceRules, handler);
  app.use(bff.errorHandler);
  await w.listen(app);
  cookie = await w.login(SEEDED.verified);
});
afterAll(() => w.close());

const send = (method: 'post' | 'put' | 'patch' | 'delete' | 'get', path: string, headers = {}) => {
  const agent = request(w.url);
  return agent[method](path).set({ Cookie: cookie, ...headers });
};
const outcome = async (test: request.Test) => {
  const res = await test;
  return res.status === 200 ? 200 : `${res.status} ${res.body.error}`;
};

test('requirePolicy refuses a cookie-only POST with another Origin or Sec-Fetch-Site: cross-site (403 forbidden_origin) and one without X-CSRF (403 csrf_required), before its handler', async () => {
  expect(await outcome(send('post', '/orders', EVIL))).toBe('403 forbidden_origin');
  expect(await outcome(send('post', '/orders', CROSS_SITE))).toBe('403 forbidden_origin');
  expect(await outcome(send('post', '/orders', { ...EVIL, 'X-CSRF': '1' }))).toBe('403 forbidden_origin');
  expect(await outcome(send('post', '/orders'))).toBe('403 csrf_required');
  // Before the session too: no cookie and no X-CSRF is the same refusal, not a login.
  expect(await outcome(request(w.url).post('/orders'))).toBe('403 csrf_required');
  expect(reached).toBe(0);
});

test('requirePolicy accepts the app’s own POST (its Origin, X-CSRF: 1), and a POST with X-CSRF and no Origin', async () => {
  expect(await outcome(send('post', '/orders', OWN))).toBe(200);
  expect(await outcome(send('post', '/orders', { 'X-CSRF': '1' }))).toBe(200);
});

test('PUT, PATCH and DELETE need the same proof; GET needs none', async () => {
  for (const method of ['put', 'patch', 'delete'] as const) {
    expect([method, await outcome(send(method, '/account', EVIL))]).toEqual([method, '403 forbidden_origin']);
    expect([method, await outcome(send(method, '/account'))]).toEqual([method, '403 csrf_required']);
    expect([method, await outcome(send(method, '/account', OWN))]).toEqual([method, 200]);
  }
  expect(await outcome(send('get', '/account', { ...EVIL, ...CROSS_SITE }))).toBe(200);
});

test('requirePolicy with allowCrossSite takes the cookie-only POST from another site', async () => {
  expect(await outcome(send('post', '/payment-return', { ...EVIL, ...CROSS_SITE }))).toBe(200);
});

test('enforceRules refuses the cross-site and the X-CSRF-less POST under a rule without allowCrossSite, and takes the cross-site POST under the rule with it', async () => {
  expect(await outcome(send('post', '/shop/cart', EVIL))).toBe('403 forbidden_origin');
  expect(await outcome(send('post', '/shop/cart', CROSS_SITE))).toBe('403 forbidden_origin');
  expect(await outcome(send('post', '/shop/cart'))).toBe('403 csrf_required');
  expect(await outcome(send('post', '/shop/cart', OWN))).toBe(200);
  expect(await outcome(send('get', '/shop/cart', EVIL))).toBe(200);
  expect(await outcome(send('post', '/shop/hooks/paid', { ...EVIL, ...CROSS_SITE }))).toBe(200);
});
