import type { Span } from './otlp-decode';

/** OTLP's span kinds and status codes, as numbers on the wire. */
export const KIND = { internal: 1, server: 2, client: 3 } as const;
export const STATUS = { unset: 0, ok: 1, error: 2 } as const;
export const HTTP_SCOPE = '@opentelemetry/instrumentation-http';
export const REDIS_SCOPE = '@opentelemetry/instrumentation-ioredis';

/** The spans of one trace, with the questions the tests ask of them. */
export function treeOf(all: Span[], traceId: string) {
  const spans = all.filter((s) => s.traceId === traceId);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const named = (name: string) => spans.filter((s) => s.name === name);
  const one = (name: string) => {
    const found = named(name);
    if (found.length !== 1)
      throw new Error(
        `${found.length} spans named ${name}; trace has ${spans.map((s) => s.name).join(', ')}`,
      );
    return found[0]!;
  };
  return {
    spans,
    named,
    one,
    parentOf: (s: Span) => byId.get(s.parentSpanId),
    childrenOf: (p: Span) => spans.filter((s) => s.parentSpanId === p.spanId),
    /** Every span but the root has its parent in the trace. */
    orphans: () => spans.filter((s) => s.parentSpanId !== '' && !byId.has(s.parentSpanId)),
    roots: () => spans.filter((s) => s.parentSpanId === ''),
  };
}

/** The one SERVER span with this name (the newest, when a name repeats over the run). */
export function serverSpan(
  all: Span[],
  name: string,
  pick = (s: Span[]) => s[s.length - 1],
): Span | undefined {
  return pick(all.filter((s) => s.kind === KIND.server && s.name === name));
}

/** traceparent = version-traceid-parentid-flags */
export function parseTraceparent(v: unknown): { traceId: string; parentId: string } | undefined {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(String(v ?? ''));
  return m ? { traceId: m[1]!, parentId: m[2]! } : undefined;
}
