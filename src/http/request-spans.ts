import type { Tracer } from '@opentelemetry/api';
import { serverSpans } from '../tracing';
import type { Trust } from './trust';

/**
 * The server span of each request (with tracing on). A caller's trace is joined only when the
 * connection comes from a proxy TRUST_PROXY names by address (forward-auth's caller is that same
 * proxy); a hop count trusts no one's trace context, since it cannot tell a proxy from a client.
 * `handleOf` hashes an investor id as the logs do.
 */
export function requestSpans(tracer: Tracer, trust: Trust, handleOf: (investorId: string) => string) {
  return serverSpans(tracer, {
    trusted: (req) => trust.namedProxy(req),
    ignore: (req) => req.path === '/healthz' || req.path === '/readyz',
    atEnd: (req, res) => {
      // The session read for the request, or the one a login just made.
      const id =
        req.bff?.record.investorId ?? (req.session as { investorId?: unknown } | undefined)?.investorId;
      const code = res.locals.errorCode as string | undefined;
      return {
        ...(typeof id === 'string' && { 'bff.investor': handleOf(id) }),
        ...(code && { 'bff.error_code': code }),
      };
    },
  });
}
