/* eslint-disable @typescript-eslint/no-require-imports -- ioredis is loaded after the instrumentation that patches it */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { setGlobalErrorHandler, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { scrubbingExporter } from './scrub';
import { createExportWatch, ExportWatch } from './export-watch';
import { keepCommandContexts } from './redis-context';
import type { Tracing } from './types';

type Env = Record<string, string | undefined>;

export const SERVICE_NAME = 'securitize-id-bff';

/**
 * As the SDK reads it: the traces-specific variable first; http/protobuf when neither is set. An
 * empty value counts as unset (the compose file passes every variable, most of them empty).
 */
function exporterFor(env: Env, warn: (line: string) => void): { exporter: SpanExporter; protocol: string } {
  const asked = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() || env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim();
  if (asked === 'http/json') return { exporter: new JsonExporter(), protocol: asked };
  if (asked && asked !== 'http/protobuf')
    warn(`OTLP protocol ${asked} is not supported here (http/protobuf or http/json); using http/protobuf`);
  return { exporter: new ProtobufExporter(), protocol: 'http/protobuf' };
}

/** Where spans go, for the start-up line: an origin, never a path's token or a URL's credentials. */
function endpointOf(env: Env): string {
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  try {
    return new URL(url ?? '').origin;
  } catch {
    return 'an endpoint that is not a URL';
  }
}

function version(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * SDK complaints: dropped spans and failed exports go to the export watch (one readable line a
 * minute, and a counter); anything else (a bad variable) reaches stderr once, not every few seconds.
 */
function reportDiag(warn: (line: string) => void, watch: ExportWatch) {
  const seen = new Set<string>();
  setGlobalErrorHandler(() => undefined); // an export failure: the exporter already told the watch
  const once = (message: unknown) => {
    const dropped = /^Dropped (\d+) spans/.exec(String(message));
    if (dropped) return watch.report({ kind: 'spans_dropped', spans: Number(dropped[1]) });
    const line = String(message).split('\n')[0]!.slice(0, 300);
    if (seen.size > 100 || seen.has(line)) return;
    seen.add(line);
    warn(line);
  };
  const quiet = () => undefined;
  diag.setLogger({ error: once, warn: once, info: quiet, debug: quiet, verbose: quiet }, DiagLogLevel.WARN);
}

/**
 * The OpenTelemetry SDK for Node, loaded only when tracing is on and before express, ioredis, axios
 * and http-proxy-3 are, so the instrumentations can patch them. The standard OTEL_* variables
 * configure it (the exporter, batch processor and sampler read them themselves); what is ours:
 *
 * - server spans are made by the app (`serverSpans`), which honours an incoming `traceparent` only
 *   from a trusted proxy; the http instrumentation traces outgoing calls only (and injects
 *   `traceparent` into them), and only inside a request's trace;
 * - the propagator is W3C trace context alone: baggage could carry anything and is not sent on;
 * - Redis spans carry the command's name, never its keys or arguments;
 * - every span passes the scrubbing exporter (scrub.ts) on its way out.
 */
export function startSdk(env: Env, warn: (line: string) => void): Tracing {
  const watch = createExportWatch();
  reportDiag(warn, watch);
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': SERVICE_NAME, 'service.version': version() }))
    .merge(detectResources({ detectors: [hostDetector, envDetector] }));
  const { exporter, protocol } = exporterFor(env, warn);
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(scrubbingExporter(exporter, watch))],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        disableIncomingRequestInstrumentation: true,
        requireParentforOutgoingSpans: true,
      }),
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
    ],
  });
  keepCommandContexts(require('ioredis'));
  return {
    tracer: trace.getTracer(SERVICE_NAME, version()),
    describe: { protocol, endpoint: endpointOf(env) },
    shutdown: () => provider.shutdown(),
    onExportProblem: watch.listen,
  };
}
