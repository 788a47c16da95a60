import type { BenchResults } from '../lib/types';
import { int, table, x, yes } from './format';
import { roundsTable, sideRow } from './throughput';

const cpu = (m: Record<string, number>, k: string) => int(m[k] ?? NaN);

/** S11: GET /api/me with tracing on (OTLP to a local sink) and off. */
export function tracingSection(r: BenchResults): string {
  const c = r.s11;
  if (!c) return '';
  const row = (label: string, side: typeof c.median.product) => sideRow(label, side, ['server', 'redis']);
  return [
    `## ${c.id}: ${c.title}`,
    '',
    `\`GET /api/me\`, -c ${c.connections}, on a product instance started with \`OTEL_EXPORTER_OTLP_ENDPOINT\` ` +
      'pointing at an OTLP sink in the bench process (tracing on, the SDK’s defaults: every request sampled, ' +
      'spans batched and sent in http/protobuf) against the stack’s product (tracing off: no SDK loaded). ' +
      'Interleaved rounds as above; each side logged in its own session.',
    '',
    table(
      ['Tracing', 'req/s', 'p50 / p99', 'Server CPU µs/req', 'Redis CPU µs/req'],
      [row('On', c.median.product), row('Off', c.median.baseline)],
    ),
    '',
    `Ratio on/off (median): **${x(c.median.ratio)}** (target ≥ ${c.targetRatio.toFixed(1)}x: ${yes(c.met)}).`,
    '',
    roundsTable(c, { product: 'On', baseline: 'Off', p: 'on', b: 'off' }),
    '',
    `The sink received ${int(c.sink.exports)} exports, ${int(c.sink.bytes)} bytes, ${int(c.sink.spans)} spans ` +
      `for ${int(c.tracedRequests)} traced requests, warm-up included: ${c.spansPerRequest.toFixed(2)} a request ` +
      '(the server span and its two Redis commands, GET and PTTL: fewer would mean the batch processor dropped spans).',
    '',
    ...(c.sampled
      ? [
          'The same with one trace in ten kept (`OTEL_TRACES_SAMPLER=parentbased_traceidratio`, ' +
            '`OTEL_TRACES_SAMPLER_ARG=0.1`), against tracing off, in rounds of its own: ' +
            `**${x(c.sampled.ratio)}** (rounds ${c.sampled.rounds.map(x).join(', ')}; ` +
            `${int(c.sampled.median.product.reqPerSec)} against ${int(c.sampled.median.baseline.reqPerSec)} req/s, ` +
            `server CPU ${cpu(c.sampled.median.product.cpuUsPerReq, 'server')} against ` +
            `${cpu(c.sampled.median.baseline.cpuUsPerReq, 'server')} µs/req; ` +
            `${c.sampled.spansPerRequest.toFixed(2)} spans exported a request). Unsampled requests still ` +
            'carry their context through every asynchronous step (AsyncLocalStorage) and pass the ' +
            'instrumentations; they skip recording and export.',
          '',
        ]
      : []),
    ...c.notes.map((n) => `- ${n}`),
  ].join('\n');
}
