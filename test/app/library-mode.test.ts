import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createSimulator, SEEDED } from '../../src/simulator';
import { startBffProcess } from '../helpers/bff-process';
import { CLIENT_ID, ENCRYPTION_KEYS, SECRET, SESSION_SECRET } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { cookieHeader } from '../helpers/cookies';

/**
 * docs/library-mode.md's example is examples/library-mode/server.ts, word for word but for its
 * two import paths: run here as the program it is, mounted under /bff inside a host app.
 */
const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join('examples', 'library-mode', 'server.ts');
const run = (env: Record<string, string>, args: string[] = []) =>
  startBffProcess(env, {
    args: ['--import', 'tsx', EXAMPLE, ...args],
    listening: /Shop listening on http:\/\/localhost:(\d+)\//,
  });

test('docs/library-mode.md shows the example file as it is, with the package’s import paths', () => {
  const readme = readFileSync(path.join(ROOT, 'docs', 'library-mode.md'), 'utf8');
  const file = readFileSync(path.join(ROOT, EXAMPLE), 'utf8')
    .replace(/^(\/\/.*\n)+/, '')
    .replace("from '../../src';", "from 'securitize-id-bff';")
    .replace("from '../../src/dev/library';", "from 'securitize-id-bff/dev';");
  expect(readme).toContain(`\`\`\`ts\n${file}\`\`\``);
});

describe('run with a configured Securitize and Redis', () => {
  let redis: RedisChild;
  const sim = createSimulator({
    clients: [{ clientId: CLIENT_ID, secret: SECRET, redirectUrls: ['http://shop.test/*'] }],
  });
  let simUrl: string;
  let closeSim: () => Promise<void>;
  beforeAll(async () => {
    redis = await startRedisServer();
    ({ url: simUrl, close: closeSim } = await sim.listen(0));
  });
  afterAll(async () => {
    await closeSim();
    await redis.close();
  });

  it('logs in under /bff, serves the host’s routes from the same session, and answers every refusal as the BFF’s JSON', async () => {
    const shop = await run({
      PUBLIC_URL: 'http://shop.test/bff',
      APP_URL: 'http://shop.test',
      SECURITIZE_CLIENT_ID: CLIENT_ID,
      SECURITIZE_SECRET: SECRET,
      SECURITIZE_API_URL: simUrl,
      SECURITIZE_LOGIN_URL: simUrl,
      REDIS_URL: redis.url,
      SESSION_SECRET,
      TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
      LOG_LEVEL: 'silent',
    });
    try {
      // Logged out: JSON from the BFF's error handler, not Express's HTML page.
      const out = await request(shop.url).get('/portfolio');
      expect([out.status, out.type, out.body.error]).toEqual([401, 'application/json', 'login_required']);
      const login = await request(shop.url).get('/bff/login?returnTo=/portfolio').redirects(0);
      const fragment = new URLSearchParams(String(login.headers.location).split('#/authorize?')[1]);
      expect(fragment.get('redirecturl')).toMatch(/^http:\/\/shop\.test\/bff\/callback\/[A-Za-z0-9_-]{43}$/);
      const approve = await request(simUrl)
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
      const cb = await request(shop.url)
        .get(callback.pathname + callback.search)
        .set('Cookie', cookieHeader(login.headers['set-cookie'], 'tx')!)
        .redirects(0);
      expect(cb.headers.location).toBe('http://shop.test/portfolio');
      const cookie = cookieHeader(cb.headers['set-cookie'], 'sid')!;
      expect((await request(shop.url).get('/portfolio').set('Cookie', cookie)).body).toEqual({
        investor: SEEDED.entity,
      });
      sim.control.expireAccessTokens();
      expect((await request(shop.url).get('/kyc-status').set('Cookie', cookie)).body).toEqual({
        verified: true,
      });
      const order = (headers: Record<string, string>) =>
        request(shop.url)
          .post('/orders')
          .set({ Cookie: cookie, ...headers });
      expect((await order({ 'X-CSRF': '1', Origin: 'http://shop.test' })).body).toEqual({ ok: true });
      expect((await order({ Origin: 'https://evil.example' })).body.error).toBe('forbidden_origin');
      expect((await order({})).body.error).toBe('csrf_required');
      // Redis gone: a 503 JSON answer, and the host keeps serving.
      redis.freeze();
      const down = await request(shop.url).get('/portfolio').set('Cookie', cookie);
      redis.thaw();
      expect([down.status, down.body.error]).toEqual([503, 'session_store_unavailable']);
      expect((await request(shop.url).get('/portfolio').set('Cookie', cookie)).status).toBe(200);
    } finally {
      await shop.kill();
    }
  });
});

describe('development, asked for in the host’s code', () => {
  it('with --dev: the simulator and a throwaway Redis, and a login reaches the simulator’s page', async () => {
    const shop = await run({ PORT: '0', SIMULATOR_PORT: '0', APP_BACKEND_PORT: '0', LOG_LEVEL: 'silent' }, [
      '--dev',
    ]);
    try {
      expect(shop.output()).toMatch(/Using the local Securitize iD simulator at http:\/\/localhost:\d+/);
      const login = await request(shop.url).get('/bff/login').redirects(0);
      expect(String(login.headers.location)).toMatch(/^http:\/\/localhost:\d+\/#\/authorize\?/);
    } finally {
      await shop.kill('SIGTERM');
    }
  });

  it('without --dev, an unset NODE_ENV brings nothing: the missing settings are named and it stops', async () => {
    await expect(run({ PORT: '0', LOG_LEVEL: 'silent' })).rejects.toThrow(/SECURITIZE_CLIENT_ID: required/);
  });
});
