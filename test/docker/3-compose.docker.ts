import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'yaml';
import { SEEDED } from '../../src/simulator';
import { logIn } from '../browser/app-page';
import { launchChromium } from '../browser/browser';
import {
  compose,
  docker,
  http,
  inspect,
  note,
  portFree,
  projectCopy,
  ROOT,
  waitFor,
  workDir,
} from './engine';

// docker-compose.yml as a user runs it (`.env` beside it with the two secrets), with Debian's
// docker-compose against the engine's bridges and iptables; Chromium on this machine is the user.
jest.setTimeout(120_000);

const PROJECT = 'docker-ci';
const APP = 'http://localhost:3000';
const LOGIN = 'http://localhost:4000';
let dir: string;
let browser: Browser;
let page: Page;
let build: string;

const up = () => compose(dir, PROJECT, ['up', '-d'], 5 * 60_000);
const container = (service: string) => compose(dir, PROJECT, ['ps', '-q', service]);
const answers = (url: string) => async () =>
  (await http(url, { timeoutMs: 3000 })).status === 200 || undefined;
/** GET /api/me with the browser's cookies (and the API's CSRF header): who the session belongs to. */
async function me(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await page.context().request.get(`${APP}/api/me`, { headers: { 'X-CSRF': '1' } });
  return { status: res.status(), body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dir = projectCopy('compose');
  const taken = [];
  for (const port of [3000, 4000, 9100]) if (!(await portFree(port))) taken.push(port);
  if (taken.length) throw new Error(`ports ${taken.join(', ')} are taken: the compose file publishes them`);
  const started = Date.now();
  build = compose(dir, PROJECT, ['build'], 15 * 60_000);
  writeFileSync(path.join(workDir(), 'compose-build.log'), build);
  note(`docker-compose build: ${Math.round((Date.now() - started) / 1000)} s (on docker build's cache)`);
  up();
  await waitFor('the BFF answers /readyz on localhost:3000', 60_000, answers(`${APP}/readyz`));
  browser = await launchChromium();
  const context = await browser.newContext();
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
}, 20 * 60_000);

afterAll(async () => {
  await browser?.close();
  if (!dir) return;
  // The services' output, for a failure's post-mortem; then everything, volume included.
  const out = path.join(ROOT, 'test-artifacts', 'docker');
  mkdirSync(out, { recursive: true });
  try {
    writeFileSync(path.join(out, 'compose.log'), compose(dir, PROJECT, ['logs', '--no-color']));
  } finally {
    compose(dir, PROJECT, ['down', '-v'], 120_000);
  }
}, 120_000);

describe('docker-compose: redis, simulator and BFF from docker-compose.yml', () => {
  it('builds one image, for the BFF and the simulator alike', () => {
    const { services } = parse(compose(dir, PROJECT, ['config'])) as {
      services: Record<string, { build?: unknown; image?: string }>;
    };
    expect(Object.keys(services).filter((s) => services[s]!.build)).toEqual(['bff']);
    expect(services.bff!.image).toBe(services.simulator!.image);
    const imageOf = (service: string) => inspect<{ Image: string }>(container(service)).Image;
    expect(imageOf('bff')).toBe(imageOf('simulator'));
    expect(docker(['images', '-q', services.bff!.image!]).split('\n')).toHaveLength(1);
    expect(build.match(/Successfully tagged/g)).toEqual(['Successfully tagged']);
  });

  it('starts the BFF only once Redis is healthy; the simulator and the BFF answer on localhost', async () => {
    type Health = { Status: string; Log: Array<{ End: string; ExitCode: number }> };
    const redis = inspect<{ State: { Health: Health } }>(container('redis')).State.Health;
    const bffStarted = inspect<{ State: { StartedAt: string } }>(container('bff')).State.StartedAt;
    const healthyAt = redis.Log.find((l) => l.ExitCode === 0)?.End;
    expect(redis.Status).toBe('healthy');
    expect(Date.parse(healthyAt!)).toBeLessThanOrEqual(Date.parse(bffStarted));

    // Every service's healthcheck passes: Redis's, the image's for the BFF, the simulator's own.
    await waitFor('all three services healthy', 90_000, async () => {
      const states = ['redis', 'bff', 'simulator'].map(
        (s) => inspect<{ State: { Health?: { Status: string } } }>(container(s)).State.Health?.Status,
      );
      return states.every((h) => h === 'healthy') || undefined;
    });
    expect((await http(`${LOGIN}/`)).status).toBe(200);
    expect((await http(`${APP}/readyz`)).json()).toEqual({ status: 'ready' });
    expect((await http('http://127.0.0.1:9100/metrics')).status).toBe(200);
    // Development (the compose default) without POLICY_FILE: the example backend is not in the
    // image, which the BFF says once and goes on.
    const logs = compose(dir, PROJECT, ['logs', '--no-color', 'bff']);
    expect(logs).toContain('the example app backend only runs from the sources');
    expect(logs).not.toMatch(/Fatal|ConfigError/);
  });

  it('Chromium logs in through the composed stack and sees the investor', async () => {
    await logIn(page, { appUrl: APP, loginUrl: LOGIN }, SEEDED.verified);
    expect(await page.getByTestId('investor-name').textContent()).toBe('Victor Alan Vance');
    // No example backend in the image: the Offerings card says so, nothing else is amiss.
    expect(await page.getByTestId('offerings-unavailable').textContent()).toContain('No offerings service');
    mkdirSync(path.join(ROOT, 'test-artifacts', 'docker'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-artifacts', 'docker', 'compose-investor.png') });
  });

  it("docker-compose down, then up: the session survives, from Redis's append-only file on the volume", async () => {
    // Off the app first: the simulator keeps its tokens in memory only, so after its restart the
    // app's next call to Securitize would fail and end the session; Redis must keep it meanwhile.
    await page.goto('about:blank');
    const before = await me();
    expect(before).toMatchObject({ status: 200, body: { investorId: SEEDED.verified } });
    compose(dir, PROJECT, ['down'], 120_000);
    expect(compose(dir, PROJECT, ['ps', '-q'])).toBe('');
    expect(docker(['volume', 'ls', '-q'])).toContain(`${PROJECT}_redis-data`);

    up();
    await waitFor('the BFF answers /readyz again', 60_000, answers(`${APP}/readyz`));
    expect(docker(['exec', container('redis'), 'ls', '/data/appendonlydir'])).toMatch(/\.aof\b/);
    const after = await me();
    expect(after).toEqual({
      status: 200,
      body: expect.objectContaining({
        investorId: SEEDED.verified,
        sessionCreatedAt: before.body.sessionCreatedAt,
      }),
    });
  });
});
