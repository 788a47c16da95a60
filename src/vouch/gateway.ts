import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors';
import { ApiEntry, normalizePath } from '../policy';
import { forwardedProtocol, Trust } from '../http/trust';
import type { Vouch } from './decide';
import type { Metrics } from '../metrics';
import { frameOf } from './gateway-framing';
import { forwardHeaders, wantsClose } from './gateway-headers';
import { agentFor, createForwarder } from './gateway-forward';
import { nameRoute, NO_SPANS, Spans } from '../tracing';

export interface GatewayDeps {
  vouch: Vouch;
  publicHost: string;
  trust: Trust;
  log?: Pick<Logger, 'warn'>;
  /** With tracing on: a `gateway forward` span around each forward, parent of the request to the backend. */
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
 * body's framing and the policy are decided first, and nothing is forwarded for a refused request.
 * What the upstream gets is one request framed as decided here, whatever bytes the browser sent
 * (src/vouch/gateway-forward.ts); bodies stream both ways, never buffered.
 */
export function createGateway(deps: GatewayDeps) {
  const forward = createForwarder(deps.log);
  const spans = deps.spans ?? NO_SPANS;

  return function gatewayRoute(entry: ApiEntry, metrics?: Pick<Metrics, 'decision'>): RequestHandler {
    const upstream = new URL(entry.upstream);
    const agent = agentFor(entry);
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
      const framing = frameOf(req);
      if (framing.kind === 'length' && framing.bytes > entry.maxBodyBytes) {
        res.setHeader('Connection', 'close');
        throw new AppError('payload_too_large', { detail: { prefix: entry.prefix } });
      }
      const { assertion } = await deps.vouch(req, entry.requirements, entry.audience);
      metrics?.decision('gateway', entry.prefix, 'allowed');
      // From here on, failures are the upstream's, not decisions.
      delete res.locals.vouchVia;
      const headers = forwardHeaders(req.headers, req.method, {
        assertion,
        framing,
        proto: forwardedProtocol(req, deps.trust),
        clientIp: req.ip ?? req.socket.remoteAddress ?? '',
        host: deps.publicHost,
      });
      const span = spans.open('gateway forward', { 'bff.gateway.prefix': entry.prefix });
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

export type Gateway = ReturnType<typeof createGateway>;
