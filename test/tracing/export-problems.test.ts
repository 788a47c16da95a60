import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startBffProcess } from '../helpers/bff-process';
import { Harness, processEnv, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

/** A collector that is not there: the real process says so in one readable line and counts the spans. */
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

/** A port nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

test('an unreachable OTLP endpoint: one JSON line naming the cause, no SDK text, and a counter of the spans', async () => {
  const bff = await startBffProcess(
    processEnv(h, redis, {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      // A refused connection is retried with back-off until this deadline; 1 s keeps the test short.
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
      METRICS_PORT: '0',
    }),
  );
  try {
    for (let i = 0; i < 6; i++) {
      expect((await request(bff.url).get('/api/me').set('X-CSRF', '1')).status).toBe(401);
      await new Promise((r) => setTimeout(r, 150));
    }
    const metricsPort = /"event":"metrics_listening","port":(\d+)/.exec(bff.output())![1];
    let text = '';
    for (let i = 0; i < 200 && !text.includes('kind="export_failed"'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = (await request(`http://127.0.0.1:${metricsPort}`).get('/metrics')).text;
    }
    expect(text).toMatch(/bff_trace_export_problems_total\{kind="export_failed"\} [1-9]/);
    const lines = bff.output().split('\n');
    const problems = lines.filter((l) => l.includes('"event":"trace_export_problem"'));
    expect(problems).toHaveLength(1);
    const line = JSON.parse(problems[0]!) as { causes: string[]; msg: string; trace_id?: string };
    expect(line.causes).toEqual(['ECONNREFUSED']);
    expect(line.trace_id).toBeUndefined(); // about no request
    expect(line.msg).toMatch(/^tracing: \d+ spans could not be exported \(ECONNREFUSED\)/);
    // Nothing else about it: every other line is JSON or one of the start-up lines.
    const other = lines.filter((l) => l !== '' && !l.startsWith('{') && /ECONNREFUSED|export/i.test(l));
    expect(other).toEqual([]);
  } finally {
    await bff.kill();
  }
});
