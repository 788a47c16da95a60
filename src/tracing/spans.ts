import { Attributes, context, Span, SpanStatusCode, trace, Tracer } from '@opentelemetry/api';

/** What our own code sees of a span: attributes to add, and how it ended. */
export interface SpanNotes {
  set(attributes: Attributes): void;
  /** Marks the span as failed (it is also marked when the step throws). */
  fail(message?: string): void;
}

/** A span that stays open across several steps (a wait that polls). */
export interface OpenSpan extends SpanNotes {
  /** Runs one step inside the span, so what it calls (Redis commands, HTTP requests) is the span's child. */
  within<T>(step: () => T): T;
  end(): void;
}

export interface Spans {
  /** Runs `step` inside a child span of the active one, ended when the step settles. */
  run<T>(name: string, step: (span: SpanNotes) => Promise<T>, attributes?: Attributes): Promise<T>;
  open(name: string, attributes?: Attributes): OpenSpan;
}

const NOTES: SpanNotes = { set: () => undefined, fail: () => undefined };

/** With tracing off: each step runs as it is, nothing is recorded or allocated. */
export const NO_SPANS: Spans = {
  run: (_name, step) => step(NOTES),
  open: () => ({ ...NOTES, within: (step) => step(), end: () => undefined }),
};

const notesOf = (span: Span): SpanNotes => ({
  set: (attributes) => void span.setAttributes(attributes),
  fail: (message) => void span.setStatus({ code: SpanStatusCode.ERROR, message }),
});

function failed(span: Span, err: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute(
    'error.type',
    (err as { code?: unknown })?.code?.toString() ?? (err as Error)?.name ?? 'error',
  );
}

/** Our own spans (refresh, its lock wait, the app-API proxy's forward) from the tracer the process made. */
export function createSpans(tracer: Tracer | undefined): Spans {
  if (!tracer) return NO_SPANS;
  return {
    run: (name, step, attributes) =>
      tracer.startActiveSpan(name, { attributes }, async (span) => {
        try {
          return await step(notesOf(span));
        } catch (err) {
          failed(span, err);
          throw err;
        } finally {
          span.end();
        }
      }),
    open(name, attributes) {
      const span = tracer.startSpan(name, { attributes });
      const inside = trace.setSpan(context.active(), span);
      return {
        ...notesOf(span),
        within: (step) => context.with(inside, step),
        end: () => span.end(),
      };
    },
  };
}
