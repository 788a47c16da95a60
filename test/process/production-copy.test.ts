import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createSimulator } from '../../src/simulator';
import { BffProcess, startBffProcess } from '../helpers/bff-process';
import { CLIENT_ID, ENCRYPTION_KEYS, SECRET } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

/**
 * What a container gets: `npm ci --omit=dev` plus the built dist/ and public/, in a folder of its
 * own. Proves the production server needs no dev dependency (no tsx, no TypeScript) to start.
 */
const ROOT = path.join(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let dir: string;
let redis: RedisChild;
let bff: BffProcess;
const sim = createSimulator({
  clients: [{ clientId: CLIENT_ID, secret: SECRET, redirectUrls: ['https://bff.test/*'] }],
});
let closeSim: () => Promise<void>;

beforeAll(async () => {
  // Only the server is rebuilt here (the browser test may be serving public/app/ at the same time),
  // from scratch: a file a rename left behind in dist/ must not shadow the new one.
  rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  execFileSync(npm, ['exec', '--', 'tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(path.join(ROOT, 'public', 'app', 'main.js')))
    execFileSync(npm, ['run', 'build:web'], { cwd: ROOT, stdio: 'ignore' });
  dir = mkdtempSync(path.join(tmpdir(), 'bff-prod-'));
  for (const f of ['package.json', 'package-lock.json']) cpSync(path.join(ROOT, f), path.join(dir, f));
  execFileSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: dir,
    stdio: 'ignore',
  });
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  cpSync(path.join(ROOT, 'public'), path.join(dir, 'public'), { recursive: true });
  redis = await startRedisServer();
  const s = await sim.listen(0);
  closeSim = s.close;
  bff = await startBffProcess(
    {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://bff.test',
      TRUST_PROXY: '1',
      SECURITIZE_CLIENT_ID: CLIENT_ID,
      SECURITIZE_SECRET: SECRET,
      SECURITIZE_API_URL: s.url,
      SECURITIZE_LOGIN_URL: s.url,
      REDIS_URL: redis.url,
      SESSION_SECRET: 'Qm9vdHN0cmFwLXByb2QtY29weS10ZXN0LXNlY3JldC0x',
      TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
    },
    { cwd: dir, args: ['dist/main.js'] },
  );
}, 240_000);
afterAll(async () => {
  await bff?.kill();
  await closeSim?.();
  await redis?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('starts from production dependencies only and serves /healthz and the login redirect', async () => {
  for (const dev of ['typescript', 'jest', 'tsx', 'ts-jest', 'eslint', 'playwright-core', 'express4'])
    expect(existsSync(path.join(dir, 'node_modules', dev))).toBe(false);
  // A peer dependency (a host app brings its own): npm installs a root package's peers all the same.
  expect(existsSync(path.join(dir, 'node_modules', 'express'))).toBe(true);
  const health = await request(bff.url).get('/healthz');
  expect(health.status).toBe(200);
  expect(health.body).toEqual({ status: 'ok' });
  expect((await request(bff.url).get('/readyz')).status).toBe(200);
  const login = await request(bff.url).get('/login').set('X-Forwarded-Proto', 'https').redirects(0);
  expect(login.status).toBe(302);
  expect(String(login.headers.location)).toMatch(
    /#\/authorize\?issuerId=.*&redirecturl=https:\/\/bff\.test\/callback\/[A-Za-z0-9_-]{43}$/,
  );
  expect(String(login.headers['set-cookie'])).toContain('__Host-tx=');
  // Production serves no demo page, and no metrics on the public port (METRICS_PORT is unset here).
  expect((await request(bff.url).get('/')).status).toBe(404);
  expect((await request(bff.url).get('/metrics')).status).toBe(404);
  expect(bff.output()).toContain('metrics: off (set METRICS_PORT');
  expect(await bff.kill('SIGTERM')).toBe(0);
});
