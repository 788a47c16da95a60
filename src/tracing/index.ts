/**
 * Tracing: OpenTelemetry, on only when an OTLP endpoint is configured. The SDK itself (sdk.ts,
 * scrub.ts) is loaded by `startTracing` alone, and only when tracing is on; everything else here
 * uses @opentelemetry/api, which records nothing without it.
 */
export { startTracing } from './start';
export { OTEL_VARIABLES, tracingWanted } from './wanted';
export type { TracingDecision } from './wanted';
export type { Tracing } from './types';
export type { ExportProblem, ExportProblemKind } from './export-watch';
export { serverSpans, nameRoute } from './server-span';
export type { ServerSpanOptions } from './server-span';
export { createSpans, NO_SPANS } from './spans';
export type { Spans, SpanNotes, OpenSpan } from './spans';
export { traceLogFields } from './log-fields';
