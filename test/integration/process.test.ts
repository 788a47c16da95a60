import request from 'supertest';
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
