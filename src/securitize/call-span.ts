import { SpanKind, SpanStatusCode, Tracer } from '@opentelemetry/api';
import { isSecuritizeError, SecuritizeOutcome } from './errors';

/** What a call tells its span: the status Securitize answered with. */
export interface CallNotes {
  status(code: number): void;
}

/** Runs one call to Securitize inside a span named for its endpoint (or just runs it, without a tracer). */
export type CallSpan = <T>(endpoint: string, call: (notes: CallNotes) => Promise<T>) => Promise<T>;

const NOTES: CallNotes = { status: () => undefined };

/** The token endpoints read as what they do; the others by their metric label (`securitize investor.documents`). */
const NAMES: Record<string, string> = {
  'oauth2.authorize': 'securitize token exchange',
  'oauth2.refresh': 'securitize refresh',
};

/**
 * Securitize's own refusals (a used code, an expired access token that a refresh then replaces, a
 * verification never started) are answers, not faults of the exchange: the span records them as
 * its outcome and is marked as failed only when Securitize could not be used at all.
 */
const FAULTS = new Set<SecuritizeOutcome | 'error'>([
  'unavailable',
  'timeout',
  'unusable',
  'rate_limited',
  'error',
]);

/**
 * One span per call: `securitize.endpoint`, the status code and `securitize.outcome` (`ok` or the
 * SecuritizeError's outcome). The HTTP request is its child (the http instrumentation), and
 * carries the trace to Securitize in `traceparent`. Nothing of the request or answer is recorded.
 */
export function createCallSpan(tracer: Tracer | undefined): CallSpan {
  if (!tracer) return (_endpoint, call) => call(NOTES);
  return (endpoint, call) =>
    tracer.startActiveSpan(
      NAMES[endpoint] ?? `securitize ${endpoint}`,
      { kind: SpanKind.INTERNAL, attributes: { 'securitize.endpoint': endpoint } },
      async (span) => {
        try {
          const result = await call({
            status: (code) => span.setAttribute('http.response.status_code', code),
          });
          span.setAttribute('securitize.outcome', 'ok');
          return result;
        } catch (err) {
          const outcome = isSecuritizeError(err) ? err.outcome : 'error';
          span.setAttribute('securitize.outcome', outcome);
          if (FAULTS.has(outcome)) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
          throw err;
        } finally {
          span.end();
        }
      },
    );
}
