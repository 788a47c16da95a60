import type { RequestHandler } from 'express';
import type { Metrics } from '../metrics';

/** Prometheus's scrape of the process's metrics (failures go to `next`, a host may mount it). */
export function metricsHandler(metrics: Pick<Metrics, 'registry'>): RequestHandler {
  return (_req, res, next) => {
    metrics.registry.metrics().then((text) => {
      res.setHeader('Content-Type', metrics.registry.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.end(text);
    }, next);
  };
}
