import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { Framing, framingHeaders } from './app-api-framing';

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
 * Never taken from the browser: its credentials, hop-by-hop headers, `Expect`, the framing and
 * `Host` (the BFF sets those), trace context (the BFF's own goes instead, with tracing on), and
 * anything that claims to come from a proxy or from the BFF, or would have a backend act on another
 * method or URL than the one decided on. Matched with `_` read as `-` too, since CGI-style servers
 * map `X_Investor_Id` onto `X-Investor-Id`.
 */
const DROPPED = new Set([
  ...HOP_BY_HOP,
  'host',
  'content-length',
  'transfer-encoding',
  'cookie',
  'authorization',
  'proxy-authorization',
  'expect',
  'forwarded',
  'traceparent',
  'tracestate',
  'baggage',
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
const droppedPrefix = (name: string) => name.startsWith('x-forwarded-') || name.startsWith('x-investor-');

const connectionTokens = (value: string | string[] | undefined) =>
  String(value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

export interface ForwardedAs {
  assertion: string;
  framing: Framing;
  /** The protocol, client address and host the browser used, as TRUST_PROXY reads them. */
  proto: string;
  clientIp: string;
  host: string;
}

/**
 * The headers the upstream gets, as a new object: the browser's, less what must never pass, plus
 * ours, with the framing the BFF decided set last. A browser's `Connection` can only drop headers
 * that are the browser's to drop: it never reaches the framing, `Host`, `Authorization`, the
 * `X-Forwarded-*` the BFF sets, `X-Investor-*` or trace context, since none of those is copied.
 */
export function forwardHeaders(
  incoming: IncomingHttpHeaders,
  method: string,
  as: ForwardedAs,
): OutgoingHttpHeaders {
  const named = new Set(connectionTokens(incoming.connection));
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    const dashed = name.replaceAll('_', '-');
    if (value === undefined || DROPPED.has(dashed) || droppedPrefix(dashed) || named.has(name)) continue;
    out[name] = value;
  }
  out.authorization = `Bearer ${as.assertion}`;
  out['x-forwarded-for'] = as.clientIp;
  out['x-forwarded-proto'] = as.proto;
  out['x-forwarded-host'] = as.host;
  return { ...out, ...framingHeaders(method, as.framing) };
}

/** Whether the browser asked to close its connection after this answer. */
export const wantsClose = (incoming: IncomingHttpHeaders) =>
  connectionTokens(incoming.connection).includes('close');

/**
 * The upstream's answer headers as the browser gets them, as a new object: no cookies on the BFF's
 * origin, none of the upstream's hop-by-hop headers. The upstream's own header object is left as
 * it is: Node's connection pool reads its `Keep-Alive: timeout=…` to drop an idle connection
 * before the upstream does.
 */
export function answerHeaders(upstream: IncomingHttpHeaders, close: boolean): OutgoingHttpHeaders {
  const skip = new Set([...connectionTokens(upstream.connection), ...HOP_BY_HOP, 'set-cookie']);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream))
    if (value !== undefined && !skip.has(name) && name !== 'transfer-encoding') out[name] = value;
  if (close) out.connection = 'close';
  return out;
}
