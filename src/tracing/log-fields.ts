import { context, isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * pino's `mixin`: every log line written inside a traced request carries its `trace_id` and
 * `span_id`, so a line leads to its trace and a trace to its lines.
 */
export function traceLogFields(): Record<string, string> {
  // A new object every time: pino merges the line's own fields into what the mixin returns.
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const c = span.spanContext();
  return isSpanContextValid(c) ? { trace_id: c.traceId, span_id: c.spanId } : {};
}
