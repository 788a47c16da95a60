import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Audit, Refusals } from '../audit';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import { createErrorHandler, methodNotAllowed, newRouter, notFound, requestContext } from '../http';
import { requireAdmin } from './auth';
import { adminRoutes, AdminRoutesDeps } from './routes';

export interface AdminDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  sessions: AdminRoutesDeps['sessions'];
  audit: Audit;
  refusals: Pick<Refusals, 'refused'>;
  refreshFacts: (investorId: string) => Promise<void>;
  now: () => number;
}

/** Ids in the admin API's paths are written as placeholders in the logs (an access line names no investor). */
export function adminLogPath(path: string): string {
  if (path === '/admin/audit') return path;
  const m = /^\/admin\/investors\/[^/]+(\/sessions(?:\/[^/]+)?|\/facts\/refresh)?\/?$/.exec(path);
  if (!m) return '/admin/…';
  return `/admin/investors/:investorId${(m[1] ?? '').replace(/^\/sessions\/[^/]+$/, '/sessions/:handle')}`;
}

/**
 * The admin API, for a listener of its own (ADMIN_PORT, loopback unless ADMIN_HOST widens it):
 * every request needs an operator's bearer token first; JSON answers and errors.
 */
export function createAdmin(deps: AdminDeps): Router {
  const { config } = deps;
  const r = newRouter();
  r.use(requestContext(deps.logger, deps.now, adminLogPath));
  r.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  r.use(requireAdmin(config.admin.tokens, deps.refusals));
  r.use(
    adminRoutes({
      sessions: deps.sessions,
      audit: deps.audit,
      refreshFacts: deps.refreshFacts,
      idleTimeoutSeconds: config.session.idleTimeoutSeconds,
      absoluteTimeoutSeconds: config.session.absoluteTimeoutSeconds,
      now: deps.now,
    }),
  );
  r.all('/admin/investors/:investorId/sessions', methodNotAllowed(['GET', 'DELETE']));
  r.all('/admin/investors/:investorId/sessions/:handle', methodNotAllowed(['DELETE']));
  r.all('/admin/investors/:investorId/facts/refresh', methodNotAllowed(['POST']));
  r.all('/admin/audit', methodNotAllowed(['GET']));
  r.use(notFound);
  r.use(createErrorHandler('json', { appUrl: config.appUrl, metrics: deps.metrics, logger: deps.logger }));
  return r;
}
