import http from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ProxyServer } from 'http-proxy-3';
import { AppError } from '../errors';
import { ApiEntry, normalizePath } from '../policy';
import { forwardedProtocol } from '../http/forwarded-proto';
import type { Vouch } from './decide';
import type { Metrics } from '../metrics';
import { cleanResponseHeaders, rewriteRequestHeaders } from './gateway-headers';
import { nameRoute, NO_SPANS, OpenSpan, Spans } from '../tracing';

export interface GatewayDeps {
  vouch: Vouch;
  publicHost: string;
  trustProxy: number;
  log?: Pick<Logger, 'warn'>;
  /** With tracing on: a `gateway forward` span around each forward, parent of the request to the backend. */
  spans?: Spans;
}

class GatewayFailure extends Error {
  constructor(readonly appError: AppError) {
    super(appError.code);
  }
}

interface Forward {
  entry: ApiEntry;
  failed?: GatewayFailure;
  proxyReq?: http.ClientRequest;
  answerDeadline?: NodeJS.Timeout;
  /** The browser asked to close its connection after this answer. */
  close?: boolean;
  span?: OpenSpan;
}

/** A chunked body, passed on as it comes and cut (413) once it passes the entry's maxBodyBytes. */
function countedBody(req: Request, f: Forward): Transform {
  let seen = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen <= f.entry.maxBodyBytes) return done(null, chunk);
      f.failed = new GatewayFailure(
        new AppError('payload_too_large', { detail: { prefix: f.entry.prefix } }),
      );
      f.proxyReq?.destroy(f.failed);
      done();
    },
  });
  return req.pipe(counted);
}

/** The path after the entry's prefix as sent (`''` for the prefix itself, so `/x` and `/x/` stay apart), normalised. */
function afterPrefix(req: Request): ReturnType<typeof normalizePath> {
  const raw = req.originalUrl.startsWith(req.baseUrl) ? req.originalUrl.slice(req.baseUrl.length) : req.url;
  if (raw === '' || raw.startsWith('?')) return { ok: true, path: '', query: raw };
  return normalizePath(raw);
}

/**
 * The app-API gateway: each POLICY_FILE `apis` entry serves `prefix/**` on the public port. The
 * path after the prefix, read the one way rules read it, is appended to the upstream's; the policy
 * is applied first and nothing is forwarded for a refused request. Bodies stream both ways through
 * http-proxy-3 (nothing is buffered), counted against the entry's maxBodyBytes.
 */
export function createGateway(deps: GatewayDeps) {
  const forwards = new WeakMap<http.IncomingMessage, Forward>();
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const proxy = new ProxyServer({ changeOrigin: true, ignorePath: true, xfwd: false });
  const spans = deps.spans ?? NO_SPANS;

  proxy.on('proxyReq', (proxyReq, req) => {
    const f = forwards.get(req);
    if (!f) return;
    f.proxyReq = proxyReq;
    if (f.failed) return void proxyReq.destroy(f.failed);
    const timeout = () =>
      proxyReq.destroy(
        new GatewayFailure(new AppError('upstream_timeout', { detail: { prefix: f.entry.prefix } })),
      );
    // No byte either way for this long (a long upload that flows is fine), or no answer this long
    // after the whole body went: 504.
    proxyReq.setTimeout(f.entry.timeoutMs, timeout);
    const armAnswerDeadline = () => {
      f.answerDeadline = setTimeout(timeout, f.entry.timeoutMs);
    };
    if (req.readableEnded) armAnswerDeadline();
    else req.once('end', armAnswerDeadline);
    proxyReq.once('close', () => clearTimeout(f.answerDeadline));
  });
  proxy.on('proxyRes', (proxyRes, req, res) => {
    const f = forwards.get(req);
    if (f) clearTimeout(f.answerDeadline);
    cleanResponseHeaders(proxyRes, f?.close === true);
    f?.span?.set({
      'http.response.status_code': proxyRes.statusCode ?? 0,
      'bff.gateway.outcome': 'answered',
    });
    // The upstream went away in the middle of its answer: end the browser's too, never leave it hanging.
    proxyRes.once('close', () => {
      if (proxyRes.complete) return;
      f?.span?.set({ 'bff.gateway.outcome': 'upstream_aborted' });
      f?.span?.fail('the app backend’s answer was cut short');
      deps.log?.warn({ event: 'upstream_aborted', prefix: f?.entry.prefix }, 'app backend answer cut short');
      res.destroy();
    });
  });

  function fail(err: unknown, req: http.IncomingMessage, res: Response, next: (e: AppError) => void): void {
    const f = forwards.get(req);
    const appError =
      err instanceof GatewayFailure
        ? err.appError
        : new AppError('upstream_unavailable', {
            detail: { prefix: f?.entry.prefix, cause: (err as NodeJS.ErrnoException)?.code ?? 'error' },
          });
    f?.span?.set({ 'bff.gateway.outcome': appError.code });
    f?.span?.fail();
    if (res.headersSent) return void res.destroy();
    // The rest of an oversized body is not read: close the connection after answering.
    if (appError.code === 'payload_too_large') res.setHeader('Connection', 'close');
    next(appError);
  }

  return function gatewayRoute(entry: ApiEntry, metrics?: Pick<Metrics, 'decision'>): RequestHandler {
    const upstream = new URL(entry.upstream);
    const agent = upstream.protocol === 'https:' ? agents.https : agents.http;
    const base = upstream.pathname.replace(/\/$/, '');
    return async (req, res, next) => {
      res.locals.vouchVia = 'gateway';
      res.locals.vouchRule = entry.prefix;
      nameRoute(req, `${req.baseUrl}/*`);
      // What follows the prefix, read on its own: a `..` that would climb out of it climbs above
      // this root and is refused (wherever the BFF's router is mounted).
      const path = afterPrefix(req);
      if (!path.ok) throw new AppError('path_rejected', { detail: { reason: path.reason } });
      if (entry.methods && !entry.methods.includes(req.method)) {
        res.setHeader('Allow', entry.methods.join(', '));
        throw new AppError('method_not_allowed');
      }
      // http-proxy-3 sends DELETE and OPTIONS without a length as `Content-Length: 0`: a chunked
      // body there would be read by the upstream as further requests on a shared connection.
      if (
        (req.method === 'DELETE' || req.method === 'OPTIONS') &&
        req.headers['transfer-encoding'] !== undefined
      )
        throw new AppError('invalid_request', { detail: { reason: 'body_without_length' } });
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > entry.maxBodyBytes) {
        res.setHeader('Connection', 'close');
        throw new AppError('payload_too_large', { detail: { prefix: entry.prefix } });
      }
      const { assertion } = await deps.vouch(req, entry.requirements, entry.audience);
      metrics?.decision('gateway', entry.prefix, 'allowed');
      // From here on, failures are the upstream's, not decisions.
      delete res.locals.vouchVia;
      const close = rewriteRequestHeaders(
        req,
        assertion,
        forwardedProtocol(req, deps.trustProxy),
        deps.publicHost,
        deps.trustProxy > 0,
      );
      const span = spans.open('gateway forward', { 'bff.gateway.prefix': entry.prefix });
      res.once('close', () => span.end());
      const f: Forward = { entry, close, span };
      forwards.set(req, f);
      // A declared length is the most the body can be (Node's parser holds it to that, and it was
      // checked above); only a chunked body is counted as it streams.
      const counted = req.headers['transfer-encoding'] === undefined ? undefined : countedBody(req, f);
      const target = `${upstream.origin}${base}${path.path}${path.query}`;
      // Inside the span: the request to the backend is its child and carries its traceparent.
      span.within(() =>
        proxy.web(req, res, { target, agent, ...(counted && { buffer: counted }) }, (err) =>
          fail(err, req, res, next),
        ),
      );
    };
  };
}

export type Gateway = ReturnType<typeof createGateway>;
