import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Check, runDoctor } from '../../src/doctor';
import { freePort } from './probe-helpers';
import { CLIENT_ID, OTHER_ENTRY, PUBLIC_URL, SECRETS, SetUp, startSetUp } from './setup';

const byId = (checks: Check[], id: string) => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in ${checks.map((x) => x.id).join(', ')}`);
  return c;
};
const run = (env: Record<string, string | undefined>) => runDoctor(env, { timeoutMs: 3000 });

describe('npm run doctor, in-process, against the simulator and a private redis-server', () => {
  let s: SetUp;
  beforeAll(async () => {
    s = await startSetUp();
  });
  afterAll(() => s.close());
  afterEach(async () => {
    s.sim.control.reset();
    await s.control('/clock', { skewMs: 0 });
    await s.redis.admin.config('SET', 'maxmemory-policy', 'noeviction');
    await s.redis.admin.config('SET', 'save', '3600 1');
  });

  it('a good set-up: every check ok or skipped, nothing failed', async () => {
    const result = await run(s.env);
    expect(result.checks.filter((c) => c.status !== 'ok' && c.status !== 'skip')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(byId(result.checks, 'redis.topology').detail).toBe('single server');
    expect(byId(result.checks, 'securitize.app-name').detail).toBe('"Simulated Securitize iD application"');
  });

  it('a wrong secret fails naming SECURITIZE_CLIENT_ID and SECURITIZE_SECRET', async () => {
    const result = await run({ ...s.env, SECURITIZE_SECRET: 'not-the-secret-of-this-application' });
    const c = byId(result.checks, 'securitize.credentials');
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('HTTP 401');
    expect(c.fix).toContain('SECURITIZE_CLIENT_ID');
    expect(c.fix).toContain('SECURITIZE_SECRET');
    expect(result.ok).toBe(false);
  });

  it('an allow-list without the callback fails with the entry to add and a curl that keeps the others', async () => {
    const kept = [OTHER_ENTRY, 'https://old.example.test/*'];
    await fetch(`${s.running.url}/v1/${CLIENT_ID}`, {
      method: 'PATCH',
      headers: { authorization: SECRETS.SECURITIZE_SECRET, 'content-type': 'application/json' },
      body: JSON.stringify({ redirectUrls: kept }),
    });
    const c = byId((await run(s.env)).checks, 'securitize.allow-list');
    expect(c.status).toBe('fail');
    expect(c.fix).toContain(`add "${PUBLIC_URL}/*"`);
    const curl = c.fix!.split('\n')[1]!;
    expect(curl).toContain('"authorization: $SECURITIZE_SECRET"');
    expect(curl).toContain(JSON.stringify({ redirectUrls: [...kept, `${PUBLIC_URL}/*`] }));
    expect(curl).not.toContain(SECRETS.SECURITIZE_SECRET);

    // The printed command, run as printed, fixes it without losing an entry.
    // Asynchronously: the simulator answering it runs in this process.
    await promisify(execFile)('bash', ['-c', curl], {
      env: { PATH: process.env.PATH, SECURITIZE_SECRET: SECRETS.SECURITIZE_SECRET },
    });
    const again = await run(s.env);
    expect(byId(again.checks, 'securitize.allow-list').status).toBe('ok');
    const list = await fetch(`${s.running.url}/v1/${CLIENT_ID}`, {
      headers: { authorization: SECRETS.SECURITIZE_SECRET },
    });
    expect(((await list.json()) as { data: { redirectUrls: string[] } }).data.redirectUrls).toEqual([
      ...kept,
      `${PUBLIC_URL}/*`,
    ]);
  });

  it('a clock five minutes off Securitize fails', async () => {
    await s.control('/clock', { skewMs: 5 * 60_000 });
    const c = byId((await run(s.env)).checks, 'securitize.clock');
    expect(c.status).toBe('fail');
    expect(c.detail).toMatch(/^this machine is (299|300|301) s behind Securitize's Date header/);
    expect(c.fix).toMatch(/NTP/);
  });

  it('Redis with allkeys-lru fails naming maxmemory-policy', async () => {
    await s.redis.admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const c = byId((await run(s.env)).checks, 'redis.eviction');
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('maxmemory-policy allkeys-lru');
    expect(c.fix).toContain('maxmemory-policy noeviction');
  });

  it('Redis with volatile-lru is a warning', async () => {
    await s.redis.admin.config('SET', 'maxmemory-policy', 'volatile-lru');
    expect(byId((await run(s.env)).checks, 'redis.eviction').status).toBe('warn');
  });

  it('Redis that persists nothing is a warning', async () => {
    await s.redis.admin.config('SET', 'save', '');
    const result = await run(s.env);
    const c = byId(result.checks, 'redis.persistence');
    expect(c.status).toBe('warn');
    expect(c.fix).toMatch(/appendonly yes/);
    expect(result.ok).toBe(true);
  });

  it('Redis that cannot be reached fails, its address without credentials', async () => {
    const result = await run({ ...s.env, REDIS_URL: 'redis://doctor-user:redis-pass-4242@127.0.0.1:1' });
    const c = byId(result.checks, 'redis.reach');
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('redis://127.0.0.1:1');
    expect(JSON.stringify(result)).not.toContain('redis-pass-4242');
    expect(byId(result.checks, 'redis.eviction').status).toBe('skip');
  });

  it('a typo: the hint comes first, then every problem, and the rest is skipped', async () => {
    const env: Record<string, string | undefined> = {
      ...s.env,
      SESSION_SECERT: s.env.SESSION_SECRET,
      REDIS_URL: 'http://x',
    };
    delete env.SESSION_SECRET;
    const result = await run(env);
    expect(result.checks[0]).toMatchObject({
      status: 'warn',
      fix: 'rename SESSION_SECERT to SESSION_SECRET',
    });
    const problems = result.checks.filter((c) => c.id === 'config.problem');
    expect(problems.map((c) => c.detail!.split(':')[0])).toEqual(
      expect.arrayContaining(['SESSION_SECRET', 'REDIS_URL']),
    );
    expect(problems.every((c) => c.status === 'fail' && /^change [A-Z_]+/.test(c.fix!))).toBe(true);
    for (const id of ['redis', 'securitize', 'front', 'vouch'])
      expect(byId(result.checks, id).status).toBe('skip');
    expect(result.ok).toBe(false);
  });

  it('outside production an http PUBLIC_URL and no TRUST_PROXY are warnings; in production they fail', async () => {
    const dev = await run({
      ...s.env,
      NODE_ENV: 'development',
      PUBLIC_URL: 'http://localhost:3000',
      TRUST_PROXY: undefined,
    });
    expect(byId(dev.checks, 'front.scheme').status).toBe('warn');
    expect(byId(dev.checks, 'front.trust-proxy').status).toBe('warn');
    const prod = await run({ ...s.env, TRUST_PROXY: undefined });
    expect(byId(prod.checks, 'front.trust-proxy')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('TRUST_PROXY'),
    });
  });
});

describe('vouching and tracing', () => {
  let s: SetUp;
  beforeAll(async () => {
    s = await startSetUp();
  });
  afterAll(() => s.close());

  it('names the policy file’s rules and default, the key ids and the one that signs, and an OTLP endpoint that answers', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'doctor-policy-')), 'policy.yaml');
    writeFileSync(
      file,
      'policies:\n  verified: { verified: true }\nrules:\n  - { path: /reports, policy: verified }\n  - { path: /inbox, policy: null }\ndefault: session\n',
    );
    const collector = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const port = (collector.address() as { port: number }).port;
    try {
      const result = await run({
        ...s.env,
        POLICY_FILE: file,
        FORWARD_AUTH_PORT: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://user:otlp-pass-77@127.0.0.1:${port}`,
      });
      expect(byId(result.checks, 'vouch.policy')).toMatchObject({
        status: 'ok',
        detail: '2 rule(s), 0 app API(s), 1 named policy(ies); an unmatched path gets a live session',
      });
      expect(byId(result.checks, 'vouch.keys').detail).toMatch(/^key id\(s\) k2026, k2025; "k2026" signs/);
      expect(byId(result.checks, 'tracing')).toMatchObject({
        status: 'ok',
        detail: `http://127.0.0.1:${port}/v1/traces answers (HTTP 404)`,
      });
      expect(JSON.stringify(result)).not.toContain('otlp-pass-77');
    } finally {
      collector.close();
    }
  });

  it('an OTLP endpoint that does not answer fails naming OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const port = await freePort();
    const result = await run({ ...s.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
    expect(byId(result.checks, 'tracing')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT'),
    });
    expect(result.ok).toBe(false);
  });
});

describe('the gateway style', () => {
  let s: SetUp;
  beforeAll(async () => {
    s = await startSetUp({ style: 'gateway' });
  });
  afterAll(() => s.close());

  it('skips what has no documented gateway path, saying why, and checks the rest', async () => {
    const result = await run(s.env);
    for (const id of ['securitize.credentials', 'securitize.app-name', 'securitize.allow-list'])
      expect(byId(result.checks, id)).toMatchObject({
        status: 'skip',
        detail: expect.stringContaining('gateway'),
      });
    for (const id of ['securitize.api', 'securitize.login', 'securitize.clock'])
      expect(byId(result.checks, id).status).toBe('ok');
    expect(result.ok).toBe(true);
  });
});
