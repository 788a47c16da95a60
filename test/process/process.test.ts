import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import request from 'supertest';
import { policyFile } from '../helpers/vouch';
import { SEEDED } from '../../src/simulator';
import { BffProcess, startBffProcess } from '../helpers/bff-process';
import { Harness, processEnv, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

/** The real server process (src/main.ts): signals, ports, the edge that tests otherwise skip. */
let redis: RedisChild;
let h: Harness;
let bff: BffProcess;
beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ redis });
  bff = await startBffProcess(processEnv(h, redis, { METRICS_PORT: '0', SHUTDOWN_TIMEOUT_MS: '5000' }));
}, 30_000);
afterAll(async () => {
  await bff.kill();
  await h.close();
  await redis.close();
});

it('serves /metrics on METRICS_PORT only, not on the public port', async () => {
  const deadline = Date.now() + 5000;
  let m: RegExpExecArray | null = null;
  while (!(m = /"event":"metrics_listening","port":(\d+)/.exec(bff.output())) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  expect(m).not.toBeNull();
  const res = await request(`http://127.0.0.1:${m![1]}`).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.text).toContain('bff_logins_total');
  expect(res.text).toContain('bff_process_cpu_seconds_total');
  expect((await request(bff.url).get('/metrics')).status).toBe(404);
});

it('SIGTERM: stops accepting, lets the in-flight request finish, closes Redis and exits 0', async () => {
  const { cookie } = await h.login(SEEDED.verified);
  h.sim.control.injectFault({ match: { path: /\/investor$/ }, kind: 'delay', ms: 1500 });
  const started = Date.now();
  const inFlight = request(bff.url).get('/api/investor').set({ Cookie: cookie!, 'X-CSRF': '1' });
  const result = inFlight.then((r) => r);
  await new Promise((r) => setTimeout(r, 300));
  const exited = bff.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 200));
  const refused = await request(bff.url)
    .get('/healthz')
    .then(
      (r) => r.status,
      (e: { code?: string }) => e.code,
    );
  expect(refused).toBe('ECONNREFUSED');
  const res = await result;
  expect(res.status).toBe(200);
  expect(res.body.investorId).toBe(SEEDED.verified);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  expect(await exited).toBe(0);
  expect(bff.output()).toContain('"event":"stopped"');
});

/** The first address of this machine that is not loopback (the review reached /auth on one), if any. */
function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  return undefined;
}

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, host, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

describe('side listeners bind loopback unless told otherwise', () => {
  const listening = (out: () => string, event: string) =>
    waitForLine(out, new RegExp(`"event":"${event}","port":(\\d+),"address":"([^"]+)"`));

  it('forward-auth and metrics answer on 127.0.0.1 only; 127.0.0.2 and the LAN address are refused', async () => {
    const p = await startBffProcess(
      processEnv(h, redis, {
        METRICS_PORT: '0',
        FORWARD_AUTH_PORT: '0',
        POLICY_FILE: policyFile('rules: [{ path: /, policy: null }]'),
      }),
    );
    try {
      for (const event of ['forward_auth_listening', 'metrics_listening']) {
        const [, port, address] = await listening(p.output, event);
        expect([event, address]).toEqual([event, '127.0.0.1']);
        expect(await accepts('127.0.0.1', Number(port))).toBe(true);
        // All of 127/8 is this machine, but a listener bound to 127.0.0.1 takes only that address.
        expect(await accepts('127.0.0.2', Number(port))).toBe(false);
        const lan = lanAddress();
        if (lan) expect(await accepts(lan, Number(port))).toBe(false);
      }
      expect(p.output()).toMatch(/forward-auth listening on 127\.0\.0\.1 port \d+/);
      expect(p.output()).toMatch(/"event":"listening","port":\d+,"address":"::"/);
    } finally {
      await p.kill();
    }
  });

  it('FORWARD_AUTH_HOST and METRICS_HOST widen them', async () => {
    const p = await startBffProcess(
      processEnv(h, redis, {
        METRICS_PORT: '0',
        METRICS_HOST: '0.0.0.0',
        FORWARD_AUTH_PORT: '0',
        FORWARD_AUTH_HOST: '0.0.0.0',
        POLICY_FILE: policyFile('rules: [{ path: /, policy: null }]'),
      }),
    );
    try {
      for (const event of ['forward_auth_listening', 'metrics_listening']) {
        const [, port, address] = await listening(p.output, event);
        expect(address).toBe('0.0.0.0');
        expect(await accepts('127.0.0.2', Number(port))).toBe(true);
      }
    } finally {
      await p.kill();
    }
  });
});

async function waitForLine(out: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = pattern.exec(out());
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} in:\n${out()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
