import type { IncomingMessage } from 'node:http';
import {
  Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';
import type { Request, RequestHandler, Response } from 'express';

const ROUTE = Symbol('bff.route');
const TEMPLATE = Symbol('bff.routeTemplate');
/** Kept in `res.locals` (a small dictionary express makes per request), not on the request object. */
type Locals = { [ROUTE]?: unknown; [TEMPLATE]?: string };
type Routed = { baseUrl?: string; res?: { locals?: Locals } };
const capturing = new WeakSet<object>();

/** The methods a span is named for; anything else is `_OTHER`, as the conventions say. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE']);

/**
 * Express sets `req.route` where a route matches, while `req.baseUrl` is still that router's mount
 * point; by the time the answer is written a nested router may have restored it. So the template
 * is taken at that moment, through an accessor on the app's request prototype (installed once,
 * like the lazy `req.log`); what it takes is kept in `res.locals`, so request objects keep their shape.
 */
function captureRouteTemplates(req: object): void {
  const proto = Object.getPrototypeOf(req) as object;
  if (capturing.has(proto)) return;
  capturing.add(proto);
  Object.defineProperty(proto, 'route', {
    configurable: true,
    get(this: Routed) {
      return this.res?.locals?.[ROUTE];
    },
    set(this: Routed, route: { path?: unknown } | undefined) {
      const locals = this.res?.locals;
      if (!locals) return;
      locals[ROUTE] = route;
      const p = route?.path;
      if (p !== undefined)
        locals[TEMPLATE] = `${this.baseUrl ?? ''}${Array.isArray(p) ? p.join('|') : String(p)}`;
    },
  });
}

/** For requests served by a mounted handler rather than a route (the app-API proxy): its template. */
export function nameRoute(req: object, template: string): void {
  const locals = (req as Routed).res?.locals;
  if (locals) locals[TEMPLATE] = template;
}

export interface ServerSpanOptions {
  /** Whether the connection comes from a proxy TRUST_PROXY trusts: only then is `traceparent` honoured. */
  trusted: (req: IncomingMessage) => boolean;
  /** Attributes known when the answer is done (the investor's hash, the error code). */
  atEnd?: (req: Request, res: Response) => Attributes;
  /** Requests that get no span (health probes: every few seconds, telling nothing a metric doesn't). */
  ignore?: (req: Request) => boolean;
}

/**
 * One SERVER span per request, named `METHOD <route template>` (just `METHOD` when no route
 * matched: never the raw path, which carries ids and the callback's state). The caller's trace is
 * joined only from a trusted hop; anyone else starts a new trace, so a browser cannot splice its
 * requests into another trace or pick the sampling decision. 5xx answers and answers cut short
 * mark the span as an error.
 */
export function serverSpans(tracer: Tracer, o: ServerSpanOptions): RequestHandler {
  return (req, res, next) => {
    if (o.ignore?.(req)) return next();
    captureRouteTemplates(req);
    const parent = o.trusted(req) ? propagation.extract(ROOT_CONTEXT, req.headers) : ROOT_CONTEXT;
    const method = METHODS.has(req.method) ? req.method : '_OTHER';
    const span = tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
      parent,
    );
    // 'close' follows 'finish' when the answer was sent, and comes alone when it was cut short.
    res.once('close', () => {
      const template = (res.locals as Locals)[TEMPLATE];
      if (template !== undefined) {
        span.updateName(`${method} ${template}`);
        span.setAttribute('http.route', template);
      }
      if (res.headersSent) span.setAttribute('http.response.status_code', res.statusCode);
      if (!res.writableFinished)
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: 'connection closed before the answer was complete',
        });
      else if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (o.atEnd) span.setAttributes(o.atEnd(req, res));
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
