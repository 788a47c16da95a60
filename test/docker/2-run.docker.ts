import { randomBytes } from 'node:crypto';
import { DEV_CLIENT, SEEDED } from '../../src/simulator';
import { approveAt } from '../helpers/harness';
import {
  cookieJar,
  docker,
  dockerAsync,
  dockerRun,
  http,
  IMAGE,
  inspect,
  note,
  waitFor,
  workDir,
} from './engine';

// `docker run` of the image with production settings, behind a (played) TLS proxy: a Redis beside it
// on a network of their own, found by name, and the simulator (the same image) in the BFF's own
// network namespace: production takes http to Securitize only on this machine's loopback.
jest.setTimeout(120_000);

const NET = 'docker-ci-run';
const [REDIS, SIM, BFF] = ['docker-ci-redis', 'docker-ci-sim', 'docker-ci-bff'];
const PUBLIC_URL = 'https://bff.example.test';
const HTTPS = { 'x-forwarded-proto': 'https' }; // what the TLS-terminating proxy adds
let bff: string;
let sim: string;

const env = (vars: Record<string, string>) => Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
const published = (name: string, port: number) =>
  `http://${docker(['port', name, `${port}/tcp`])
    .split('\n')[0]!
    .replace('0.0.0.0', '127.0.0.1')}`;
const logs = (name: string) => {
  const r = dockerRun(['logs', name]);
  return r.stdout + r.stderr;
};

beforeAll(async () => {
  workDir();
  docker(['network', 'create', NET]);
  docker(['run', '-d', '--name', REDIS, '--network', NET, 'redis:7-bookworm']);
  // prettier-ignore
  docker([
    'run', '-d', '--name', BFF, '--network', NET, '-p', '127.0.0.1::3000', '-p', '127.0.0.1::4000',
    ...env({
      PUBLIC_URL,
      TRUST_PROXY: '1',
      SECURITIZE_CLIENT_ID: DEV_CLIENT.clientId,
      SECURITIZE_SECRET: DEV_CLIENT.secret,
      SECURITIZE_API_URL: 'http://127.0.0.1:4000',
      SECURITIZE_LOGIN_URL: 'https://login.example.test',
      SECURITIZE_TIMEOUT_MS: '15000',
      REDIS_URL: `redis://${REDIS}:6379`,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      SHUTDOWN_TIMEOUT_MS: '15000',
    }),
    IMAGE,
  ]);
  // prettier-ignore
  docker([
    'run', '-d', '--name', SIM, '--network', `container:${BFF}`, '--init',
    ...env({ SIMULATOR_HOST: '0.0.0.0', SIMULATOR_REDIRECT_URLS: `${PUBLIC_URL}/*` }),
    IMAGE, 'node', 'dist/simulator/main.js',
  ]);
  bff = published(BFF, 3000);
  sim = published(BFF, 4000);
  const answers = (url: string) => async () =>
    (await http(url, { timeoutMs: 3000 })).status === 200 || undefined;
  await waitFor('the BFF answers /healthz', 60_000, answers(`${bff}/healthz`));
  await waitFor('the simulator answers', 30_000, answers(`${sim}/`));
}, 180_000);

afterAll(() => {
  if (!process.env.DOCKER_CI_WORK) return; // never another engine's containers
  dockerRun(['rm', '-f', REDIS, SIM, BFF]);
  dockerRun(['network', 'rm', NET]);
});

describe('docker run: the image against a Redis, production settings', () => {
  it('refuses to start on unsafe production settings: exit 1 and one line per problem', () => {
    const bare = dockerRun(['run', '--rm', IMAGE], 60_000);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain('PUBLIC_URL: required in production');
    expect(bare.stderr).toContain('SESSION_SECRET: required');
    expect(bare.stderr).toContain('TOKEN_ENCRYPTION_KEYS: required');
    const unsafe = env({
      PUBLIC_URL: 'http://bff.example.test',
      SESSION_SECRET: 'a'.repeat(40),
      TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
    });
    const weak = dockerRun(['run', '--rm', ...unsafe, IMAGE], 60_000);
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('PUBLIC_URL: must be https in production');
    expect(weak.stderr).toContain('SESSION_SECRET: too weak for production');
    expect(weak.stderr).toContain('not a random key, refused in production');
  });

  it('answers /healthz and /readyz (Redis reached by name), and /login redirects to Securitize iD over https only', async () => {
    expect((await http(`${bff}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await http(`${bff}/readyz`);
    expect([ready.status, ready.json()]).toEqual([200, { status: 'ready' }]);
    const login = await http(`${bff}/login?returnTo=/`, { headers: HTTPS });
    expect(login.status).toBe(302);
    expect(login.headers.location).toMatch(/^https:\/\/login\.example\.test\/#\/authorize\?/);
    expect(login.headers['set-cookie']!.join('\n')).toMatch(/; Secure/i);
    // Plain http (no proxy in front) is refused rather than setting a Secure cookie nobody returns.
    const plain = await http(`${bff}/login?returnTo=/`);
    expect([plain.status, plain.headers.location]).toEqual([303, `${PUBLIC_URL}/?error=insecure_transport`]);
  });

  it("reaches healthy by the image's own HEALTHCHECK", async () => {
    type State = {
      StartedAt: string;
      Health: { Status: string; Log: Array<{ End: string; ExitCode: number }> };
    };
    const state = await waitFor('the HEALTHCHECK reports healthy', 90_000, async () => {
      const s = inspect<{ State: State }>(BFF).State;
      return s.Health.Status === 'healthy' ? s : undefined;
    });
    const first = state.Health.Log.find((l) => l.ExitCode === 0)!;
    const after = (Date.parse(first.End) - Date.parse(state.StartedAt)) / 1000;
    note(`HEALTHCHECK: healthy ${after.toFixed(0)} s after the container started (interval 15 s)`);
  });

  it('docker stop: a slow request in flight finishes, then the process exits 0 well within the grace period', async () => {
    // A login over HTTP, as the simulator's page does it (test/helpers/harness.ts).
    const jar = new Map<string, string>();
    const login = await http(`${bff}/login?returnTo=/`, { headers: HTTPS });
    cookieJar(jar, login.headers['set-cookie']);
    const { callbackPath } = await approveAt(sim, login.headers.location, SEEDED.verified);
    const callback = await http(`${bff}${callbackPath}`, { headers: { ...HTTPS, cookie: cookieJar(jar) } });
    expect(callback.status).toBe(303);
    const cookie = cookieJar(jar, callback.headers['set-cookie']);
    // The API's CSRF header, as the web app sends it.
    const investor = (timeoutMs = 10_000) =>
      http(`${bff}/api/investor`, { headers: { ...HTTPS, cookie, 'x-csrf': '1' }, timeoutMs });
    expect((await investor()).status).toBe(200);

    // Securitize answers the next investor call after 5 s; docker stop comes while the BFF waits.
    const path = `/v1/${DEV_CLIENT.clientId}/investor`;
    const fault = { kind: 'delay', ms: 5000, match: { method: 'GET', path }, times: 1 };
    const control = (p: string, method = 'GET', body?: unknown) =>
      http(`${sim}/__control${p}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await control('/faults', 'POST', fault)).status).toBe(200);
    await control('/calls', 'DELETE');
    const slow = investor(30_000);
    await waitFor('the slow call reaches the simulator', 10_000, async () =>
      control('/calls').then(
        (r) => r.json<Array<{ path: string }>>().some((c) => c.path === path) || undefined,
      ),
    );
    const stopAt = Date.now();
    // Not spawnSync: the answer must be read while docker stop waits.
    const stop = await dockerAsync(['stop', '-t', '20', BFF]);
    const stopSeconds = (Date.now() - stopAt) / 1000;
    const answer = await slow;

    expect(stop.status).toBe(0);
    expect(answer.status).toBe(200);
    expect(answer.json().fullName).toBe('Victor Alan Vance');
    const { State } = inspect<{ State: { ExitCode: number; OOMKilled: boolean } }>(BFF);
    expect(State).toMatchObject({ ExitCode: 0, OOMKilled: false });
    expect(stopSeconds).toBeLessThan(15); // SIGTERM was enough: never the SIGKILL at 20 s
    const events = logs(BFF)
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { event?: string }).event);
    expect(events).toEqual(expect.arrayContaining(['shutdown', 'stopped']));
    note(`docker stop with a 5 s request in flight: ${stopSeconds.toFixed(1)} s, exit code 0`);
  });
});
