import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import type { Logger } from 'pino';
import { ProxyServer } from 'http-proxy-3';
import { AppError } from '../errors';
import type { ApiEntry } from '../policy';
import type { OpenSpan } from '../tracing';
import type { Framing } from './app-api-framing';
import { answerHeaders } from './app-api-headers';

/** One forwarded request, from the decision to the upstream's last byte. */
export interface Forward {
  entry: ApiEntry;
  target: string;
  agent: http.Agent;
  headers: OutgoingHttpHeaders;
  framing: Framing;
  /** The browser asked to close its connection after this answer. */
  close: boolean;
  span: OpenSpan;
  /** Where a failure goes (the BFF's error handler). */
  next: (err: AppError) => void;
  body?: Transform;
  proxyReq?: ClientRequest;
  answered?: boolean;
  retried?: boolean;
  settled?: boolean;
  failed?: GatewayFailure;
  answerDeadline?: NodeJS.Timeout;
}

class GatewayFailure extends Error {
  constructor(readonly appError: AppError) {
    super(appError.code);
  }
}

/** Safe to send twice (RFC 9110, 9.2.2): only these are retried, and only without a body. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** What a pooled connection the upstream closed just as it was reused fails with. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

/** The connection pool for one entry: idle connections go before the upstream's keep-alive ends. */
export function agentFor(entry: ApiEntry): http.Agent {
  const Agent = new URL(entry.upstream).protocol === 'https:' ? https.Agent : http.Agent;
  if (entry.keepAliveMs === 0) return new Agent({ keepAlive: false });
  // Node also honours an upstream's `Keep-Alive: timeout=N` answer header (a second less, if shorter).
  return new Agent({ keepAlive: true, timeout: entry.keepAliveMs, scheduling: 'lifo' });
}

/**
 * Forwards through http-proxy-3 with the framing, headers and answer the BFF decided: the request's
 * headers are the ones given (never the browser's own), the body is counted as it streams (413 past
 * the entry's maxBodyBytes, whatever the headers said) and written only once Node's request is set
 * to fail on a length mismatch (`strictContentLength`), and the answer is written by the BFF.
 */
export function createForwarder(log?: Pick<Logger, 'warn'>) {
  const forwards = new WeakMap<IncomingMessage, Forward>();
  const proxy = new ProxyServer({
    changeOrigin: true,
    ignorePath: true,
    xfwd: false,
    selfHandleResponse: true,
  });

  proxy.on('proxyReq', (proxyReq, req) => {
    const f = forwards.get(req);
    if (!f) return;
    f.proxyReq = proxyReq;
    // Node's own check (not in its type definitions here): a write past the declared length, or an
    // end short of it, throws instead of sending bytes the upstream would frame otherwise.
    (proxyReq as ClientRequest & { strictContentLength: boolean }).strictContentLength = true;
    if (f.failed) return void proxyReq.destroy(f.failed);
    const timeout = () => proxyReq.destroy(failure('upstream_timeout', f));
    // No byte either way for this long (a long upload that flows is fine), or no answer this long
    // after the whole body went: 504.
    proxyReq.setTimeout(f.entry.timeoutMs, timeout);
    const armAnswerDeadline = () => {
      clearTimeout(f.answerDeadline);
      f.answerDeadline = setTimeout(timeout, f.entry.timeoutMs);
    };
    if (req.readableEnded) armAnswerDeadline();
    else req.once('end', armAnswerDeadline);
    proxyReq.once('close', () => clearTimeout(f.answerDeadline));
    // Only now does the body flow: every byte goes through a request that refuses a length mismatch.
    if (f.body && !f.retried) req.pipe(f.body);
  });

  proxy.on('proxyRes', (proxyRes, req, res) => {
    const f = forwards.get(req);
    if (!f) return void res.destroy();
    f.answered = true;
    clearTimeout(f.answerDeadline);
    f.span.set({ 'http.response.status_code': proxyRes.statusCode ?? 0, 'bff.app_api.outcome': 'answered' });
    res.writeHead(proxyRes.statusCode ?? 502, answerHeaders(proxyRes.headers, f.close));
    proxyRes.pipe(res);
    // The upstream went away in the middle of its answer: end the browser's too, never leave it hanging.
    proxyRes.once('close', () => {
      if (proxyRes.complete) return;
      f.span.set({ 'bff.app_api.outcome': 'upstream_aborted' });
      f.span.fail('the app backend’s answer was cut short');
      log?.warn({ event: 'upstream_aborted', prefix: f.entry.prefix }, 'app backend answer cut short');
      res.destroy();
    });
  });

  /** A pooled connection that failed before any answer byte, for a request safe to send again. */
  const retryable = (f: Forward, err: unknown, req: IncomingMessage) =>
    !f.retried &&
    !f.answered &&
    !f.failed &&
    f.framing.kind === 'none' &&
    IDEMPOTENT.has(req.method ?? '') &&
    f.proxyReq?.reusedSocket === true &&
    STALE_CONNECTION.has((err as NodeJS.ErrnoException)?.code ?? '') &&
    !req.socket.destroyed;

  function attempt(req: IncomingMessage, res: ServerResponse, f: Forward): void {
    // A fresh connection for the retry: `agent: false` gives the request a connection of its own.
    const agent = f.retried ? false : f.agent;
    // Without a body, the request itself is piped: Node's parser framed it with no content, so it
    // carries no byte (a retry pipes it again, already ended).
    f.span.within(() =>
      proxy.web(req, res, { target: f.target, agent, ...(f.body && { buffer: f.body }) }, (err) =>
        onError(err, req, res, f),
      ),
    );
  }

  function onError(err: unknown, req: IncomingMessage, res: ServerResponse, f: Forward): void {
    if (f.settled) return;
    if (retryable(f, err, req)) {
      f.retried = true;
      f.span.set({ 'bff.app_api.retried': true });
      log?.warn(
        { event: 'upstream_retry', prefix: f.entry.prefix },
        'pooled connection closed; retrying on a new one',
      );
      return attempt(req, res, f);
    }
    f.settled = true;
    const appError =
      err instanceof GatewayFailure
        ? err.appError
        : new AppError('upstream_unavailable', {
            detail: { prefix: f.entry.prefix, cause: (err as NodeJS.ErrnoException)?.code ?? 'error' },
          });
    f.span.set({ 'bff.app_api.outcome': appError.code });
    f.span.fail();
    if (res.headersSent) return void res.destroy();
    // The rest of an oversized body is not read: close the connection after answering.
    if (appError.code === 'payload_too_large') res.setHeader('Connection', 'close');
    f.next(appError);
  }

  return function forward(req: IncomingMessage, res: ServerResponse, f: Forward): void {
    forwards.set(req, f);
    // http-proxy-3 sends the incoming request's headers: from here on those are the ones the BFF
    // decided (the browser's own were read for the decision and are not needed again).
    (req as { headers: unknown }).headers = f.headers;
    if (f.framing.kind !== 'none') f.body = countedBody(f);
    attempt(req, res, f);
  };
}

function failure(code: 'upstream_timeout' | 'payload_too_large', f: Forward): GatewayFailure {
  return new GatewayFailure(new AppError(code, { detail: { prefix: f.entry.prefix } }));
}

/** The body as it streams, cut (413) once the bytes actually received pass the entry's maxBodyBytes. */
function countedBody(f: Forward): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen <= f.entry.maxBodyBytes) return done(null, chunk);
      f.failed ??= failure('payload_too_large', f);
      f.proxyReq?.destroy(f.failed);
      done();
    },
  });
}
