import type { Ctx } from '../lib/context';
import { INVESTORS, login, PRODUCT_HEADERS } from '../lib/login';
import { startOtlpSink } from '../lib/otlp-sink';
import { fmt, progress } from '../lib/progress';
import type { TracingCostResult } from '../lib/types';
import { compareRounds } from './compare';

const CONNECTIONS = 50;

/**
 * Scenario 11: what tracing costs. `GET /api/me` on a product instance with tracing on (an OTLP
 * endpoint set: the server span, its Redis spans, batched and exported in http/protobuf to a local
 * sink in the bench process) against the stack's product with tracing off, in interleaved rounds.
 * Each side logs in its own session. The sink counts what arrives, so a run where spans were not
 * exported (or were dropped) shows.
 */
export async function scenarioTracing(ctx: Ctx): Promise<TracingCostResult> {
  const { stack, opts } = ctx;
  const investor = INVESTORS[1]!;
  const sink = await startOtlpSink();
  const off = stack.product;
  const on = await stack.startProduct('product-traced', [], { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url });
  try {
    const onCookie = await login(on.url, stack.sim.url, investor);
    const offCookie = await login(off.url, stack.sim.url, investor);
    const headers = (cookie: string) => ({ ...PRODUCT_HEADERS, cookie, 'x-csrf': '1' });
    let tracedRequests = 0;
    const result = await compareRounds({
      id: 'S11',
      title: 'GET /api/me with tracing on vs off',
      productLabel: 'product GET /api/me, tracing on (OTLP http/protobuf to a local sink)',
      baselineLabel: 'the same with tracing off',
      targetRatio: 0.8,
      rounds: opts.rounds,
      connections: CONNECTIONS,
      problems: ctx.problems,
      product: async () => ({
        url: on.url,
        path: '/api/me',
        headers: headers(onCookie),
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => {
          if (s === 200) tracedRequests++;
          return s === 200;
        },
        pids: { server: on.pid, redis: stack.redis.pid },
      }),
      baseline: async () => ({
        url: off.url,
        path: '/api/me',
        headers: headers(offCookie),
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => s === 200,
        pids: { server: off.pid, redis: stack.redis.pid },
      }),
    });
    // The last batch leaves within the batch processor's delay (5 s by default).
    await new Promise((r) => setTimeout(r, 6000));
    const spansPerRequest = sink.counts.spans / Math.max(1, tracedRequests);
    progress(
      `S11 sink: ${fmt.int(sink.counts.exports)} exports, ${fmt.int(sink.counts.bytes)} bytes, ` +
        `${fmt.int(sink.counts.spans)} spans for ${fmt.int(tracedRequests)} traced requests ` +
        `(${spansPerRequest.toFixed(2)} a request)`,
    );
    if (sink.counts.spans === 0)
      ctx.problems.push('S11: the traced instance exported no span: tracing was not on');
    result.notes.push(
      'Both sides are the product built from dist/, on the same Redis, each with a session of its own for the ' +
        'same investor; only OTEL_EXPORTER_OTLP_ENDPOINT differs (the SDK’s defaults otherwise: every trace ' +
        'sampled, batches of up to 512 spans, a queue of 2,048). The sink runs in the bench process and answers ' +
        'each export at once.',
    );
    return { ...result, sink: { ...sink.counts }, tracedRequests, spansPerRequest };
  } finally {
    await on.stop();
    await sink.close();
  }
}
