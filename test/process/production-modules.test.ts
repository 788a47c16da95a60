import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startBffProcess } from '../helpers/bff-process';
import { Harness, processEnv, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

/**
 * The production process loads no development module: neither src/dev/ (the throwaway Redis, the
 * example backend, the simulator's start) nor the simulator nor examples/. Read from the real
 * process's own list of loaded modules; the same list from a development process shows they are
 * there to be found.
 */
let redis: RedisChild;
let h: Harness;
beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ redis });
});
afterAll(async () => {
  await h.close();
  await redis.close();
});

const PRELOAD = path.join(__dirname, '..', 'tracing', 'loaded-modules.cjs');
const DEVELOPMENT_ONLY = /\/src\/(dev|simulator)\/|\/examples\//;

async function loadedModules(env: Record<string, string>): Promise<string[]> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bff-modules-')), 'loaded.txt');
  const bff = await startBffProcess(
    { ...env, LOADED_MODULES_FILE: file },
    { args: ['--require', PRELOAD, '--import', 'tsx', 'src/main.ts'] },
  );
  expect((await request(bff.url).get('/healthz')).status).toBe(200);
  expect(await bff.kill('SIGTERM')).toBe(0);
  return readFileSync(file, 'utf8').split('\n');
}

test('a production process loads nothing from src/dev/, src/simulator/ or examples/', async () => {
  const modules = await loadedModules(
    processEnv(h, redis, {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://bff.test',
      TRUST_PROXY: '1',
      SESSION_SECRET: 'Qm9vdHN0cmFwLXByb2R1Y3Rpb24tbW9kdWxlcy10ZXN0',
    }),
  );
  expect(modules.some((m) => m.endsWith(`${path.sep}src${path.sep}app.ts`))).toBe(true);
  expect(modules.filter((m) => DEVELOPMENT_ONLY.test(m))).toEqual([]);
});

test('a development process does load them (the check above can find them)', async () => {
  const env = processEnv(h, redis, { NODE_ENV: 'test', SIMULATOR_PORT: '0' });
  delete (env as Record<string, string | undefined>).SECURITIZE_CLIENT_ID;
  const modules = await loadedModules(env);
  const found = modules.filter((m) => DEVELOPMENT_ONLY.test(m));
  expect(found.some((m) => m.includes(`${path.sep}src${path.sep}dev${path.sep}`))).toBe(true);
  expect(found.some((m) => m.includes(`${path.sep}src${path.sep}simulator${path.sep}`))).toBe(true);
});
