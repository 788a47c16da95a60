import path from 'node:path';
import express, { Express } from 'express';
import { BffDeps, createBff } from './bff-router';
import { createMetrics } from './metrics';
import { createErrorHandler, notFound } from './http/error-handler';
import { strictCsp } from './http/guards';
import { createTrust, installForwardedProto } from './http/trust';
import { serverSpans } from './tracing';
import { createInvestorHandles } from './session';

export type AppDeps = BffDeps;

/** Where the demo page's files live, both from src/ (tsx, jest) and from dist/. */
const PUBLIC_DIR = path.join(__dirname, '..', 'public');

/**
 * Metrics on the public port only in development without METRICS_PORT: in production they are
 * never there (operators scrape METRICS_PORT, which is not published).
 */
export const metricsOnPublicPort = (config: AppDeps['config']) =>
  config.metricsPort === undefined && config.env !== 'production';

/**
 * The standalone server: the BFF router at `/`, the demo page and `/metrics` in development
 * (METRICS_PORT moves metrics to a port of its own, the only place they are in production). Builds from ready-made parts; no I/O.
 */
export function createApp(deps: AppDeps): Express {
  return createApps(deps).app;
}

function baseApp(trustProxy: AppDeps['config']['trustProxy']): Express {
  const app = express();
  app.set('trust proxy', typeof trustProxy === 'number' ? trustProxy : [...trustProxy]);
  installForwardedProto(app, createTrust(trustProxy));
  app.set('query parser', 'simple');
  app.disable('x-powered-by');
  return app;
}

/**
 * The public app and, with FORWARD_AUTH_PORT, forward-auth's app for a listener of its own: page
 * JavaScript on the public port can never read an assertion.
 */
export function createApps(deps: AppDeps): { app: Express; forwardAuth: Express | undefined } {
  const metrics = deps.metrics ?? createMetrics();
  const app = baseApp(deps.config.trustProxy);
  const spans = deps.tracer && requestSpans(deps.tracer, deps.config);
  if (spans) app.use(spans);
  const bff = createBff({ ...deps, metrics }, { notFound: false });
  // The router runs for every request (request id, logging, helmet), then passes on what it doesn't serve.
  app.use(bff.router);
  if (metricsOnPublicPort(deps.config)) app.get('/metrics', strictCsp, metricsHandler(metrics));
  if (deps.config.devPage) app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  app.use(notFound);
  app.use(createErrorHandler(deps.config.appUrl, metrics));
  if (deps.config.forwardAuth.port === undefined) return { app, forwardAuth: undefined };
  // The proxy in front is the only client; its own hops are not counted (TRUST_PROXY is the public side's).
  const forwardAuth = baseApp(0);
  if (spans) forwardAuth.use(spans);
  forwardAuth.use(bff.forwardAuth);
  return { app, forwardAuth };
}

/**
 * The server span of each request (with tracing on). Both listeners join a caller's trace only when
 * the connection comes from a proxy TRUST_PROXY names by address (forward-auth's caller is that same
 * proxy); a hop count trusts no one's trace context, since it cannot tell a proxy from a client.
 */
function requestSpans(tracer: NonNullable<AppDeps['tracer']>, config: AppDeps['config']) {
  const investorHandles = createInvestorHandles();
  const trust = createTrust(config.trustProxy);
  return serverSpans(tracer, {
    trusted: (req) => trust.namedProxy(req),
    ignore: (req) => req.path === '/healthz' || req.path === '/readyz',
    atEnd: (req, res) => {
      const investor = investorHandles(req);
      const code = res.locals.errorCode as string | undefined;
      return { ...(investor && { 'bff.investor': investor }), ...(code && { 'bff.error_code': code }) };
    },
  });
}

export function metricsHandler(metrics: ReturnType<typeof createMetrics>): express.RequestHandler {
  // Exported for host apps too: a failure goes to next (src/async-middleware.ts says why).
  return (_req, res, next) => {
    void metrics.registry.metrics().then((text) => {
      res.setHeader('Content-Type', metrics.registry.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.end(text);
    }, next);
  };
}
