import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startBffProcess } from '../helpers/bff-process';
import { Harness, processEnv, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { OtlpReceiver, startOtlpReceiver } from './otlp-receiver';
import { parseTraceparent, serverSpan } from './trace-tree';

/** The SDK's packages and the module hooks its instrumentations bring: none may load with tracing off. */
const SDK_MODULE =
  /node_modules\/(@opentelemetry\/(?!api\/)[^/]+|require-in-the-middle|import-in-the-middle)\//;

let redis: RedisChild;
let h: Harness;
let rx: OtlpReceiver;
beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ redis });
  rx = await startOtlpReceiver();
});
afterAll(async () => {
  await rx.close();
  await h.close();
  await redis.close();
});

/**
 * Runs the real server with these variables, sends it a login start and an API call (with a
 * caller's traceparent), stops it with SIGTERM (which flushes spans), and returns the modules it
 * had loaded and what it printed.
 */
async function run(env: Record<string, string>, traceparent: string) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bff-modules-')), 'loaded.txt');
  const bff = await startBffProcess(
    processEnv(h, redis, { OTEL_BSP_SCHEDULE_DELAY: '50', LOADED_MODULES_FILE: file, ...env }),
    { args: ['--require', path.join(__dirname, 'loaded-modules.cjs'), '--import', 'tsx', 'src/main.ts'] },
  );
  expect((await request(bff.url).get('/login').redirects(0)).status).toBe(302);
  const me = await request(bff.url).get('/api/me').set({ 'X-CSRF': '1', traceparent });
  expect(me.status).toBe(401);
  expect(await bff.kill('SIGTERM')).toBe(0);
  return { modules: readFileSync(file, 'utf8').split('\n'), output: bff.output() };
}

const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('tracing off', () => {
  it.each([
    ['no OTLP endpoint is set', {}],
    ['OTEL_SDK_DISABLED=true, though an endpoint is set', { OTEL_SDK_DISABLED: 'true' }],
    ['OTEL_TRACES_EXPORTER=none, though an endpoint is set', { OTEL_TRACES_EXPORTER: 'none' }],
  ] as Array<[string, Record<string, string>]>)(
    'when %s: no SDK module is loaded, nothing is exported, log lines carry no trace ids',
    async (_when, env) => {
      rx.clear();
      const withEndpoint: Record<string, string> =
        Object.keys(env).length > 0 ? { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url } : {};
      const { modules, output } = await run({ ...withEndpoint, ...env }, CALLER);
      expect(modules.some((m) => m.includes(`${path.sep}src${path.sep}app.ts`))).toBe(true);
      expect(modules.filter((m) => SDK_MODULE.test(m))).toEqual([]);
      expect(output).toContain('"event":"tracing_off"');
      expect(output).not.toContain('trace_id');
      await new Promise((r) => setTimeout(r, 300));
      expect(rx.received).toEqual([]);
    },
  );
});

describe('tracing on behind a proxy TRUST_PROXY names by address (TRUST_PROXY=loopback)', () => {
  it('loads the SDK, and the caller’s traceparent is the server span’s parent (F5)', async () => {
    rx.clear();
    const { modules } = await run({ OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, TRUST_PROXY: 'loopback' }, CALLER);
    // The same check as above finds the SDK when it is there.
    expect(modules.filter((m) => SDK_MODULE.test(m)).length).toBeGreaterThan(10);
    const spans = await rx.waitFor((all) => serverSpan(all, 'GET /api/me') !== undefined);
    const root = serverSpan(spans, 'GET /api/me')!;
    expect({ traceId: root.traceId, parentId: root.parentSpanId }).toEqual(parseTraceparent(CALLER));
    // A request that brings no traceparent starts a trace of its own.
    expect(serverSpan(spans, 'GET /login')!.parentSpanId).toBe('');
  });
});

describe('tracing on behind a hop count (TRUST_PROXY=1)', () => {
  it('trusts no one’s traceparent: a client reaching the BFF directly could pick its trace and sampling', async () => {
    rx.clear();
    await run({ OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, TRUST_PROXY: '1' }, CALLER);
    const spans = await rx.waitFor((all) => serverSpan(all, 'GET /api/me') !== undefined);
    const root = serverSpan(spans, 'GET /api/me')!;
    expect(root.traceId).not.toBe(parseTraceparent(CALLER)!.traceId);
    expect(root.parentSpanId).toBe('');
  });
});
