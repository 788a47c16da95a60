import path from 'node:path';
import express, { Express } from 'express';
import { BffDeps, createBffRouter } from './bff-router';
import { createMetrics } from './metrics';
import { createErrorHandler, notFound } from './http/error-handler';
import { strictCsp } from './http/guards';
import { installForwardedProto } from './http/forwarded-proto';

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
  const metrics = deps.metrics ?? createMetrics();
  const app = express();
  app.set('trust proxy', deps.config.trustProxy);
  installForwardedProto(app, deps.config.trustProxy);
  app.set('query parser', 'simple');
  app.disable('x-powered-by');
  // The router runs for every request (request id, logging, helmet), then passes on what it doesn't serve.
  app.use(createBffRouter({ ...deps, metrics }, { notFound: false }));
  if (metricsOnPublicPort(deps.config)) app.get('/metrics', strictCsp, metricsHandler(metrics));
  if (deps.config.devPage) app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  app.use(notFound);
  app.use(createErrorHandler(deps.config.appUrl, metrics));
  return app;
}

export function metricsHandler(metrics: ReturnType<typeof createMetrics>): express.RequestHandler {
  return async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(await metrics.registry.metrics());
  };
}
