import request from 'supertest';
import { requireInvestor } from '../../src';
import { SEEDED } from '../../src/simulator';
import { HOSTS, LibraryWorld, startLibraryWorld } from '../helpers/library-host';
import { waitFor } from '../helpers/wait-for';

/**
 * Library mode inside a host app on Express 4 and on Express 5. Express 4 does not catch a
 * rejected promise from middleware: the BFF's middleware must hand every failure to `next`, or
 * one request ends the host's process.
 */
const POLICY = `
policies:
  eligible: { verified: true, investorTypes: [individual] }
rules:
  - { path: /shop/invest, policy: eligible }
  - { path: /shop, policy: null }
`;
const HOST_ROUTES = ['/portfolio', '/invest', '/shop/invest'];

// What would end a real host's process: recorded here, so a test sees it instead of Node exiting.
const escaped: unknown[] = [];
const recordEscape = (err: unknown) => void escaped.push(err);
beforeAll(() => {
  process.on('unhandledRejection', recordEscape);
  process.on('uncaughtException', recordEscape);
});
afterAll(() => {
  process.off('unhandledRejection', recordEscape);
  process.off('uncaughtException', recordEscape);
});
afterEach(() => expect(escaped).toEqual([]));

describe.each(HOSTS)('a host app on %s', (_name, express) => {
  let w: LibraryWorld;
  const get = (path: string, cookie = '') => request(w.url).get(path).set('Cookie', cookie).timeout(5000);

  beforeAll(async () => {
    w = await startLibraryWorld(POLICY);
    const { bff } = w;
    const app = express();
    app.use('/bff', bff.router);
    app.get('/portfolio', bff.readSession, requireInvestor, (req, res) => {
      res.json({ investor: req.bff!.record.investorId });
    });
    app.get('/invest', bff.requirePolicy('eligible'), (req, res) => {
      res.json({ assertion: req.investorAssertion });
    });
    app.use('/shop', bff.enforceRules, (req, res) => void res.json({ assertion: req.investorAssertion }));
    app.use(bff.errorHandler);
    await w.listen(app);
  });
  afterAll(() => w.close());

  test('a request without a session gets 401 login_required on every host route, and the host answers the next request', async () => {
    for (const path of HOST_ROUTES) {
      const res = await get(path);
      expect([path, res.status, res.body.error]).toEqual([path, 401, 'login_required']);
    }
    expect((await get('/bff/healthz')).status).toBe(200);
  });

  test('a login through /bff/login, the simulator and /bff/callback works, and the eligible investor gets through requirePolicy', async () => {
    const cookie = await w.login(SEEDED.verified);
    expect((await get('/portfolio', cookie)).body).toEqual({ investor: SEEDED.verified });
    for (const path of ['/invest', '/shop/invest']) {
      const res = await get(path, cookie);
      expect([path, res.status, typeof res.body.assertion]).toEqual([path, 200, 'string']);
    }
  });

  test('with Redis killed, a session cookie gets 503 session_store_unavailable on every host route, and the host keeps answering', async () => {
    const cookie = await w.login(SEEDED.verified);
    await w.redisChild.kill();
    for (const path of HOST_ROUTES) {
      const res = await get(path, cookie);
      expect([path, res.status, res.body.error]).toEqual([path, 503, 'session_store_unavailable']);
    }
    // The BFF's own async handlers fail too, inside its router (the router package passes their
    // rejections on, whichever Express the host runs).
    const me = await get('/bff/api/me', cookie).set('X-CSRF', '1');
    expect([me.status, me.body.error]).toEqual([503, 'session_store_unavailable']);
    expect((await get('/bff/readyz')).status).toBe(503);
    expect((await get('/bff/healthz')).status).toBe(200);
    // Back again: the same host serves sessions once more, without a restart of its own.
    await w.redisChild.restart();
    await waitFor('readiness after the restart', 6000, async (seen) => {
      const status = (await get('/bff/readyz')).status;
      seen(String(status));
      return status === 200 || undefined;
    });
  });
});
