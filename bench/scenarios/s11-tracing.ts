import type { Ctx } from '../lib/context';
import type { LoadSpec } from '../lib/load';
import { INVESTORS, login, PRODUCT_HEADERS } from '../lib/login';
import { startOtlpSink } from '../lib/otlp-sink';
import type { ServerChild } from '../lib/processes';
import { fmt, progress } from '../lib/progress';
import type { TracingCostResult } from '../lib/types';
import { compareRounds } from './compare';

const CONNECTIONS = 50;
/** The batch processor sends what it holds at least this often (OTEL_BSP_SCHEDULE_DELAY's default, 5 s). */
const flushed = () => new Promise((r) => setTimeout(r, 6000));

/**
 * Scenario 11: what tracing costs. `GET /api/me` on a product instance with tracing on (an OTLP
 * endpoint set: the server span, its Redis spans, batched and exported in http/protobuf to a local
 * sink in the bench process) against the stack's product with tracing off, in interleaved rounds.
 * Each side logs in its own session. The sink counts what arrives, so a run where spans were not
 * exported (or were dropped) shows. Full runs add an instance that keeps one trace in ten.
 */
export async function scenarioTracing(ctx: Ctx): Promise<TracingCostResult> {
  const { stack, opts } = ctx;
  const investor = INVESTORS[1]!;
  const sink = await startOtlpSink();
  const off = stack.product;
  const started: ServerChild[] = [];
  /** One side's load; `answered` counts its successful requests, warm-ups included. */
  const side = async (server: ServerChild, answered = { n: 0 }) => {
    const cookie = await login(server.url, stack.sim.url, investor);
    return async (): Promise<LoadSpec> => ({
      url: server.url,
      path: '/api/me',
      headers: { ...PRODUCT_HEADERS, cookie, 'x-csrf': '1' },
      connections: CONNECTIONS,
      duration: opts.duration,
      ok: (s) => {
        if (s === 200) answered.n++;
        return s === 200;
      },
      pids: { server: server.pid, redis: stack.redis.pid },
    });
  };
  const traced = async (name: string, env: Record<string, string> = {}) => {
    const server = await stack.startProduct(name, [], { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, ...env });
    started.push(server);
    return server;
  };
  const compare = (id: string, title: string, productLabel: string) =>
    ({
      id,
      title,
      productLabel,
      baselineLabel: 'the same with tracing off',
      targetRatio: 0.8,
      rounds: opts.rounds,
      connections: CONNECTIONS,
      problems: ctx.problems,
    }) as const;
  try {
    const baseline = await side(off);
    const tracedRequests = { n: 0 };
    const result = await compareRounds({
      ...compare(
        'S11',
        'GET /api/me with tracing on vs off',
        'product GET /api/me, tracing on (OTLP http/protobuf to a local sink)',
      ),
      product: await side(await traced('product-traced'), tracedRequests),
      baseline,
    });
    await flushed();
    const counted = { ...sink.counts };
    const spansPerRequest = counted.spans / Math.max(1, tracedRequests.n);
    progress(
      `S11 sink: ${fmt.int(counted.exports)} exports, ${fmt.int(counted.bytes)} bytes, ` +
        `${fmt.int(counted.spans)} spans for ${fmt.int(tracedRequests.n)} traced requests ` +
        `(${spansPerRequest.toFixed(2)} a request)`,
    );
    if (counted.spans === 0)
      ctx.problems.push('S11: the traced instance exported no span: tracing was not on');

    // Full runs: the same with one trace in ten kept, the knob an operator has (informational).
    let sampled: TracingCostResult['sampled'];
    if (!opts.quick) {
      const sampledRequests = { n: 0 };
      const tenth = await traced('product-traced-sampled', {
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
      });
      const r = await compareRounds({
        ...compare(
          'S11 sampled',
          'GET /api/me, one trace in ten sampled, vs tracing off',
          'tracing on, parentbased_traceidratio 0.1',
        ),
        product: await side(tenth, sampledRequests),
        baseline,
      });
      await flushed();
      sampled = {
        ratio: r.median.ratio,
        rounds: r.rounds.map((k) => k.ratio),
        median: r.median,
        spansPerRequest: (sink.counts.spans - counted.spans) / Math.max(1, sampledRequests.n),
      };
    }
    result.notes.push(
      'Both sides are the product built from dist/, on the same Redis, each with a session of its own for the ' +
        'same investor; only OTEL_EXPORTER_OTLP_ENDPOINT differs (the SDK’s defaults otherwise: every trace ' +
        'sampled, batches of up to 512 spans, a queue of 2,048). The sink runs in the bench process and answers ' +
        'each export at once.',
    );
    return { ...result, sink: counted, tracedRequests: tracedRequests.n, spansPerRequest, sampled };
  } finally {
    for (const s of started) await s.stop();
    await sink.close();
  }
}
