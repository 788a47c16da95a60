import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Request } from 'express';

/** Hop-by-hop headers (RFC 9110, 7.6.1, and the old proxy ones): they describe one connection, never forwarded either way. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'proxy-authenticate',
];

/**
 * Never forwarded to an app backend: the browser's credentials, hop-by-hop headers, `Expect`, and
 * anything that claims to come from a proxy or from the BFF, or would have a backend act on
 * another method or URL than the one decided on. Matched with `_` read as `-` too, since CGI-style
 * servers map `X_Investor_Id` onto `X-Investor-Id`.
 */
const DROPPED = new Set([
  ...HOP_BY_HOP,
  'cookie',
  'authorization',
  'proxy-authorization',
  'expect',
  'forwarded',
  'x-real-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
  'x-original-url',
  'x-original-uri',
  'x-original-method',
  'x-rewrite-url',
]);
const TRACE_CONTEXT = new Set(['traceparent', 'tracestate', 'baggage']);
const droppedPrefix = (name: string) => name.startsWith('x-forwarded-') || name.startsWith('x-investor-');

const connectionTokens = (value: string | string[] | undefined) =>
  String(value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

/**
 * The request's headers as the upstream gets them: the browser's, less what must never pass, plus
 * ours. Returns whether the browser asked to close its connection (the answer says so; the
 * upstream's pooled connection stays open).
 */
export function rewriteRequestHeaders(
  req: Request,
  assertion: string,
  proto: string,
  host: string,
  trustedHop: boolean,
): boolean {
  const h = req.headers;
  const named = connectionTokens(h.connection);
  const close = named.includes('close');
  for (const name of Object.keys(h)) {
    const dashed = name.replaceAll('_', '-');
    if (DROPPED.has(dashed) || droppedPrefix(dashed) || named.includes(name)) delete h[name];
    // A trace context is passed on only from a proxy TRUST_PROXY trusts (with tracing on, ours
    // replaces it): a browser must not choose the backend's trace.
    else if (!trustedHop && TRACE_CONTEXT.has(dashed)) delete h[name];
  }
  h.authorization = `Bearer ${assertion}`;
  h['x-forwarded-for'] = req.ip ?? req.socket.remoteAddress ?? '';
  h['x-forwarded-proto'] = proto;
  h['x-forwarded-host'] = host;
  return close;
}

/** The upstream's answer as the browser gets it: no cookies on the BFF's origin, no hop-by-hop headers of the upstream's. */
export function cleanResponseHeaders(res: IncomingMessage, closeBrowserConnection: boolean): void {
  const h: IncomingHttpHeaders = res.headers;
  for (const name of [...connectionTokens(h.connection), ...HOP_BY_HOP, 'set-cookie']) delete h[name];
  if (closeBrowserConnection) h.connection = 'close';
}
