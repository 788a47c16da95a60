import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { compose, http, inspect, note, portFree, projectCopy, ROOT, waitFor } from './engine';

// The compose file's `front-door` profile as a user runs it: make-certs.sh, PUBLIC_URL and
// TRUST_PROXY in `.env`, `docker-compose --profile front-door up`; nginx (the stand-in built from
// Debian's package, scripts/docker/stand-ins.sh) with examples/front-door/nginx.conf mounted.
jest.setTimeout(120_000);

const PROJECT = 'docker-ci-front-door';
const ORIGIN = 'https://localhost:8443';
let dir: string;
let ca: Buffer;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
/** GET over https, trusting `trust` only (none: the machine's usual roots). */
const get = (url: string, trust?: Buffer) =>
  new Promise<Answer>((resolve, reject) => {
    const req = https.get(url, { ca: trust, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('error', reject);
    req.once('timeout', () => req.destroy(new Error('timed out')));
  });

beforeAll(async () => {
  dir = projectCopy('front-door');
  const taken = [];
  for (const port of [3000, 4000, 9100, 8443, 8080]) if (!(await portFree(port))) taken.push(port);
  if (taken.length) throw new Error(`ports ${taken.join(', ')} are taken: the compose file publishes them`);
  execFileSync('bash', [path.join(dir, 'examples', 'front-door', 'make-certs.sh')], { stdio: 'pipe' });
  ca = readFileSync(path.join(dir, 'examples', 'front-door', 'certs', 'ca.pem'));
  appendFileSync(path.join(dir, '.env'), `PUBLIC_URL=${ORIGIN}\nTRUST_PROXY=1\n`);
  const started = Date.now();
  compose(dir, PROJECT, ['--profile', 'front-door', 'up', '-d'], 15 * 60_000);
  note(`docker-compose --profile front-door up: ${Math.round((Date.now() - started) / 1000)} s`);
  await waitFor('the BFF answers /readyz through the front door', 60_000, async () => {
    const res = await get(`${ORIGIN}/readyz`, ca).catch(() => undefined);
    return res?.status === 200 || undefined;
  });
}, 20 * 60_000);

afterAll(async () => {
  if (!dir) return;
  const out = path.join(ROOT, 'test-artifacts', 'docker');
  mkdirSync(out, { recursive: true });
  try {
    writeFileSync(
      path.join(out, 'front-door.log'),
      compose(dir, PROJECT, ['--profile', 'front-door', 'logs', '--no-color']),
    );
  } finally {
    compose(dir, PROJECT, ['--profile', 'front-door', 'down', '-v'], 120_000);
  }
}, 120_000);

describe('docker-compose --profile front-door: nginx in front of the bff service', () => {
  it('runs the nginx image with the example configuration', () => {
    const id = compose(dir, PROJECT, ['--profile', 'front-door', 'ps', '-q', 'front-door']);
    const c = inspect<{ Config: { Image: string }; Mounts: Array<{ Destination: string }> }>(id);
    expect(c.Config.Image).toBe('nginx:stable-bookworm');
    expect(c.Mounts.map((m) => m.Destination).sort()).toEqual([
      '/etc/nginx/certs',
      '/etc/nginx/nginx.conf',
      '/etc/nginx/upstreams.conf',
    ]);
  });

  it('serves the web app over https, with the certificate the local CA signed', async () => {
    const page = await get(`${ORIGIN}/`, ca);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="login-button"');
    // Once, from the BFF: the proxy adds no second one.
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('the BFF sees https through it: /login sets a __Host- Secure cookie and sends the https callback', async () => {
    const login = await get(`${ORIGIN}/login?returnTo=/`, ca);
    expect(login.status).toBe(302);
    expect(login.headers.location).toMatch(/^http:\/\/localhost:4000\/#\/authorize\?/);
    expect(login.headers.location).toContain(`redirecturl=${ORIGIN}/callback/`);
    const cookies = (login.headers['set-cookie'] as string[] | undefined) ?? [];
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['__Host-tx']);
    expect(cookies[0]).toMatch(/; Secure/i);
  });

  it('plain http on 8080 redirects to the https origin', async () => {
    const res = await http('http://localhost:8080/api/me?x=1', { timeoutMs: 3000 });
    expect([res.status, res.headers.location]).toEqual([301, `${ORIGIN}/api/me?x=1`]);
  });

  it('a client that does not trust the local CA is refused', async () => {
    await expect(get(`${ORIGIN}/`)).rejects.toThrow(/self.signed|unable to verify|local issuer/i);
  });
});
