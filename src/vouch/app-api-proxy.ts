import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors';
import { ApiEntry, normalizePath } from '../policy';
import { forwardedProtocol, toAppError, Trust } from '../http';
import type { Vouch } from './decide';
import type { Metrics } from '../metrics';
import { frameOf } from './app-api-framing';
import { forwardHeaders, wantsClose } from './app-api-headers';
import { agentFor, createForwarder } from './app-api-forward';
import { nameRoute, NO_SPANS, Spans } from '../tracing';

export interface AppApiProxyDeps {
  vouch: Vouch;
  publicHost: string;
  trust: Trust;
  metrics: Pick<Metrics, 'decision'>;
  log?: Pick<Logger, 'warn'>;
  /** With tracing on: an `app-api forward` span around each forward, parent of the request to the backend. */
  spans?: Spans;
}

/** The path after the entry's prefix as sent (`''` for the prefix itself, so `/x` and `/x/` stay apart), normalised. */
function afterPrefix(req: Request): ReturnType<typeof normalizePath> {
  const raw = req.originalUrl.startsWith(req.baseUrl) ? req.originalUrl.slice(req.baseUrl.length) : req.url;
  if (raw === '' || raw.startsWith('?')) return { ok: true, path: '', query: raw };
  return normalizePath(raw);
}

/**
 * The app-API proxy: each POLICY_FILE `apis` entry serves `prefix/**` on the public port. The path
 * after the prefix, read the one way rules read it, is appended to the upstream's; the method, the
 * body's framing and the policy are decided first (each decision counted), and nothing is forwarded
 * for a refused request. What the upstream gets is one request framed as decided here, whatever
 * bytes the browser sent (./app-api-forward.ts); bodies stream both ways, never buffered.
 */
export function createAppApiProxy(deps: AppApiProxyDeps) {
  const forward = createForwarder(deps.log);
  const spans = deps.spans ?? NO_SPANS;

  /** The decision on one request: the assertion to forward it with, or a refusal (counted either way). */
  async function decide(req: Request, entry: ApiEntry, setHeader: (n: string, v: string) => void) {
    try {
      // What follows the prefix, read on its own: a `..` that would climb out of it climbs above
      // this root and is refused (wherever the BFF's router is mounted).
      const path = afterPrefix(req);
      if (!path.ok) throw new AppError('path_rejected', { detail: { reason: path.reason } });
      if (entry.methods && !entry.methods.includes(req.method)) {
        setHeader('Allow', entry.methods.join(', '));
        throw new AppError('method_not_allowed');
      }
      const framing = frameOf(req);
      if (framing.kind === 'length' && framing.bytes > entry.maxBodyBytes) {
        setHeader('Connection', 'close');
        throw new AppError('payload_too_large', { detail: { prefix: entry.prefix } });
      }
      const { assertion } = await deps.vouch(
        req.bff,
        entry.requirements,
        entry.audience,
        req.log,
        entry.prefix,
      );
      deps.metrics.decision('app_api', entry.prefix, 'allowed');
      return { path, framing, assertion };
    } catch (err) {
      const e = toAppError(err);
      deps.metrics.decision('app_api', entry.prefix, e.code);
      throw e;
    }
  }

  return function proxyRoute(entry: ApiEntry): RequestHandler {
    const upstream = new URL(entry.upstream);
    const agent = agentFor(entry);
    const base = upstream.pathname.replace(/\/$/, '');
    return async (req, res, next) => {
      nameRoute(req, `${req.baseUrl}/*`);
      const { path, framing, assertion } = await decide(req, entry, (n, v) => res.setHeader(n, v));
      const headers = forwardHeaders(req.headers, req.method, {
        assertion,
        framing,
        proto: forwardedProtocol(req, deps.trust),
        clientIp: req.ip ?? req.socket.remoteAddress ?? '',
        host: deps.publicHost,
      });
      const span = spans.open('app-api forward', { 'bff.app_api.prefix': entry.prefix });
      res.once('close', () => span.end());
      const target = `${upstream.origin}${base}${path.path}${path.query}`;
      forward(req, res, {
        entry,
        target,
        agent,
        headers,
        framing,
        close: wantsClose(req.headers),
        span,
        next,
      });
    };
  };
}

export type AppApiProxy = ReturnType<typeof createAppApiProxy>;
