import { Writable } from 'node:stream';
import express from 'express';
import Redis from 'ioredis';
import request from 'supertest';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { createLogger } from '../../src/logger';
import { createSpans, nameRoute, serverSpans, tracingWanted } from '../../src/tracing';
import { keepCommandContexts } from '../../src/tracing/redis-context';
import { unknownVariableWarnings } from '../../src/process/unknown-variables';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

/** The pieces our code adds, with an SDK registered in this test's own context (no instrumentation). */
const memory = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
provider.register();
const tracer = provider.getTracer('test');
afterAll(() => provider.shutdown());
beforeEach(() => memory.reset());

describe('when tracing is on', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'TRUE' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'false' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }, false],
  ])('%j → %s', (env, on) => {
    expect(tracingWanted(env).on).toBe(on);
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://user:hunter2@c/v1/traces' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'c/v1/traces' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    ],
  ])('an endpoint that is not an http(s) URL stops start-up: %j', (env, name) => {
    expect(() => tracingWanted(env)).toThrow(`${name}: not an http:// or https:// URL`);
    expect(() => tracingWanted(env)).not.toThrow(/hunter2|collector/);
    // Off wins over a bad endpoint: nothing would be sent anyway.
    expect(tracingWanted({ ...env, OTEL_SDK_DISABLED: 'true' }).on).toBe(false);
  });

  it('the standard variables draw no unknown-variable warning', () => {
    expect(
      unknownVariableWarnings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'x', OTEL_SERVICE_NAME: 'y', OTEL_FOO: 'z' }),
    ).toEqual([]);
  });
});

describe('log lines', () => {
  it('carry trace_id and span_id inside a span, nothing outside, and never the fields of another line', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const log = createLogger('info', sink, { traceFields: true });
    log.info({ event: 'first', port: 1 }, 'outside');
    const ids = tracer.startActiveSpan('work', (span) => {
      log.child({ reqId: 'r1' }).info({ event: 'second' }, 'inside');
      span.end();
      return span.spanContext();
    });
    log.info({ event: 'third' }, 'outside again');
    expect(lines.map((l) => [l.event, l.trace_id, l.span_id, l.port])).toEqual([
      ['first', undefined, undefined, 1],
      ['second', ids.traceId, ids.spanId, undefined],
      ['third', undefined, undefined, undefined],
    ]);
    const plain: string[] = [];
    createLogger('info', { write: (l: string) => void plain.push(l) }).info('no mixin');
    tracer.startActiveSpan('x', (s) => {
      createLogger('info', { write: (l: string) => void plain.push(l) }).info('no mixin');
      s.end();
    });
    expect(plain.join('')).not.toContain('trace_id');
  });
});

describe('Redis commands under auto-pipelining', () => {
  let redis: RedisChild;
  beforeAll(async () => void (redis = await startRedisServer()));
  afterAll(() => redis.close());

  it('are written in the context of the request that issued them, not of the first one in the batch', async () => {
    // Stands in for the instrumentation: it reads the active span where a command is written.
    const writtenIn = new Map<string, string | undefined>();
    const proto = Redis.prototype as unknown as { sendCommand: (c: { args: unknown[] }) => unknown };
    const write = proto.sendCommand;
    proto.sendCommand = function (this: unknown, command: { args: unknown[] }, ...rest: unknown[]) {
      writtenIn.set(String(command.args[0]), trace.getActiveSpan()?.spanContext().spanId);
      return (write as (...a: unknown[]) => unknown).call(this, command, ...rest);
    } as typeof write;
    keepCommandContexts(Redis as never);
    const client = new Redis({ path: redis.socket, enableAutoPipelining: true });
    try {
      await client.ping();
      const issued = await Promise.all(
        ['k1', 'k2', 'k3'].map((key) =>
          tracer.startActiveSpan(key, async (span) => {
            await client.get(key);
            span.end();
            return [key, span.spanContext().spanId] as const;
          }),
        ),
      );
      expect(client.autoPipelineQueueSize).toBe(0);
      for (const [key, spanId] of issued) expect(writtenIn.get(key)).toBe(spanId);
    } finally {
      client.disconnect();
    }
  });
});

describe('our spans', () => {
  it('run: a child of the active span, ended when the step settles, failed when it throws', async () => {
    const spans = createSpans(tracer);
    await tracer.startActiveSpan('parent', async (parent) => {
      await spans.run('ok', async (s) => s.set({ 'bff.refresh.wait': 'x' }));
      await expect(spans.run('bad', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
      parent.end();
    });
    const [ok, bad, parent] = memory.getFinishedSpans();
    expect(ok!.parentSpanContext?.spanId).toBe(parent!.spanContext().spanId);
    expect(ok!.attributes).toEqual({ 'bff.refresh.wait': 'x' });
    expect(bad!.status.code).toBe(SpanStatusCode.ERROR);
    expect(bad!.attributes['error.type']).toBe('Error');
  });

  it('open: steps run inside it until it is ended', async () => {
    const spans = createSpans(tracer);
    const wait = spans.open('wait');
    const inner = await wait.within(async () => trace.getActiveSpan());
    wait.end();
    expect(inner).toBeDefined();
    expect(memory.getFinishedSpans().map((s) => s.name)).toEqual(['wait']);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });
});

describe('the server span', () => {
  function app(trusted = false) {
    const a = express();
    a.use(serverSpans(tracer, { trusted: () => trusted, atEnd: () => ({ 'bff.error_code': 'x' }) }));
    const api = express.Router();
    api.get('/documents/:documentId/view', () => {
      throw new Error('boom');
    });
    api.get('/fine/:id', (_req, res) => void res.json({}));
    a.use('/api', api);
    a.all(['/login', '/callback'], (_req, res) => void res.status(405).end());
    a.use('/app-api/orders', (req, res) => {
      nameRoute(req, `${req.baseUrl}/*`);
      res.end();
    });
    a.use((_req, res) => void res.status(404).end());
    a.use(((_err, _req, res, _next) => void res.status(500).end()) as express.ErrorRequestHandler);
    return a;
  }
  const names = () =>
    memory.getFinishedSpans().map((s) => [s.name, s.attributes['http.route'], s.status.code]);

  it('is named by the route template with its mount point, even when the error leaves the router; never by the raw path', async () => {
    const a = app();
    await request(a).get('/api/documents/doc-123/view');
    await request(a).get('/api/fine/42?x=1');
    await request(a).post('/callback');
    await request(a).get('/app-api/orders/7/items');
    await request(a).get('/sess:abc/123');
    expect(names()).toEqual([
      ['GET /api/documents/:documentId/view', '/api/documents/:documentId/view', SpanStatusCode.ERROR],
      ['GET /api/fine/:id', '/api/fine/:id', SpanStatusCode.UNSET],
      ['POST /login|/callback', '/login|/callback', SpanStatusCode.UNSET],
      ['GET /app-api/orders/*', '/app-api/orders/*', SpanStatusCode.UNSET],
      ['GET', undefined, SpanStatusCode.UNSET],
    ]);
    const [first] = memory.getFinishedSpans();
    expect(first!.attributes).toMatchObject({ 'http.response.status_code': 500, 'bff.error_code': 'x' });
  });

  it('joins an incoming traceparent only when the hop is trusted (F5)', async () => {
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await request(app(false)).get('/api/fine/1').set('traceparent', tp);
    await request(app(true)).get('/api/fine/1').set('traceparent', tp);
    const [untrusted, trusted] = memory.getFinishedSpans();
    expect(untrusted!.spanContext().traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(untrusted!.parentSpanContext).toBeUndefined();
    expect(trusted!.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trusted!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });
});
