import path from 'node:path';
import express, { Express } from 'express';
import helmet from 'helmet';
import { AppError } from './errors';
import { createMetrics } from './metrics';
import { createAdmin } from './admin';
import { createApi } from './api';
import { createAudit, createRefusals } from './audit';
import { createLogin } from './login';
import { createSessions, createInvestorHandles } from './session';
import { createAuditStore, createRateStore } from './store';
import { createTokens } from './tokens';
import { createSpans } from './tracing';
import { createVouching } from './vouch';
import { createWebhooks } from './webhooks';
import * as http from './http';
import type { Bff, BffDeps, BffRouterOptions } from './bff-types';

export type { Bff, BffDeps, BffRouterOptions } from './bff-types';
export type AppDeps = BffDeps;

/** Where the demo page's files live, both from src/ (tsx, jest) and from dist/. */
const PUBLIC_DIR = path.join(__dirname, '..', 'public');

/**
 * Everything the BFF serves, as one router to mount at `/` (the standalone server does) or under a
 * prefix (then PUBLIC_URL includes it: the callback is PUBLIC_URL/callback), and the pieces of
 * library mode. Each feature wires itself; this is the order they come in, and it does no I/O.
 */
export function createBff(deps: BffDeps, options: BffRouterOptions = {}): Bff {
  return wire(deps, options).bff;
}

/** createBff's wiring, with what the standalone server's other listeners (admin) share with it. */
function wire(deps: BffDeps, options: BffRouterOptions) {
  const { config, redis, securitize, logger } = deps;
  const now = deps.now ?? Date.now;
  const metrics = deps.metrics ?? createMetrics({ defaultMetrics: false });
  const spans = createSpans(deps.tracer);
  const trust = http.createTrust(config.trustProxy);
  const rates = createRateStore(redis);
  // The audit trail first: every feature records into it, and sessions report the ends they perform.
  const audit = createAudit({
    store: createAuditStore(redis),
    logger,
    metrics,
    maxEvents: config.audit.maxEvents,
    now,
  });
  const refusals = createRefusals({ logger, metrics, now });
  const sessions = createSessions({
    redis,
    config,
    now,
    metrics,
    onEnded: (e) => audit.record({ type: 'session_ended', ...e }),
  });
  const { withAccessToken } = createTokens({
    config,
    redis,
    sessions,
    securitize,
    logger,
    now,
    metrics,
    spans,
  });
  const vouching = createVouching({ ...deps, sessions, withAccessToken, trust, now, metrics, spans, audit });
  const errorHandler = http.createErrorHandler('json', { appUrl: config.appUrl, metrics, logger });

  const r = http.newRouter();
  r.use(http.requestContext(logger, now));
  r.use(helmet());
  // Server to server, before any guard: no session, CSRF or Origin check applies (its path token does).
  if (config.webhooks)
    r.use(
      createWebhooks({
        config: config.webhooks,
        redis,
        freshness: vouching.freshness,
        logger,
        metrics,
        tracer: deps.tracer,
        audit,
        refuse: (kind, detail) => refusals.refused(kind, detail === undefined ? {} : { detail }),
      }),
    );
  // The API first: it is nearly all of the traffic, /api/me the most.
  r.use(createApi({ config, redis, rates, securitize, sessions, withAccessToken, now, audit }));
  r.use(vouching.routes);
  r.use(createLogin({ config, redis, rates, trust, securitize, sessions, now, metrics, audit }));
  if (options.notFound !== false) r.use(http.notFound);
  r.use(errorHandler);
  // Facts and assertions dropped on every instance (the bus), so the next decision fetches them.
  const { refreshFacts } = vouching.freshness;
  const admin = () => createAdmin({ config, logger, metrics, sessions, audit, refusals, refreshFacts, now });
  const bff: Bff = {
    router: r,
    readSession: sessions.read({ extend: true }),
    withAccessToken: async (req, call) => {
      if (!req.bff) throw new AppError('login_required');
      return withAccessToken(req.bff, call, req.log);
    },
    ...vouching.library,
    forwardAuth: vouching.forwardAuth,
    errorHandler,
    refreshFacts,
  };
  return { bff, audit, refusals, admin };
}

export const createBffRouter = (deps: BffDeps, options: BffRouterOptions = {}) =>
  createBff(deps, options).router;

/**
 * Metrics on the public port only in development without METRICS_PORT: in production they are
 * never there (operators scrape METRICS_PORT, which is not published).
 */
export const metricsOnPublicPort = (config: AppDeps['config']) =>
  config.metricsPort === undefined && config.env !== 'production';

function baseApp(trust: http.Trust, setting: AppDeps['config']['trustProxy']): Express {
  const app = express();
  app.set('trust proxy', typeof setting === 'number' ? setting : [...setting]);
  http.installForwardedProto(app, trust);
  app.set('query parser', 'simple');
  app.disable('x-powered-by');
  return app;
}

/**
 * The standalone server: the BFF's router at `/`, the demo page and `/metrics` in development
 * (METRICS_PORT moves metrics to a port of its own, the only place they are in production); and,
 * with FORWARD_AUTH_PORT, forward-auth's app for a listener of its own (page JavaScript on the
 * public port can never read an assertion). Builds from ready-made parts; no I/O.
 */
export function createApps(deps: AppDeps): {
  app: Express;
  forwardAuth: Express | undefined;
  admin: Express | undefined;
} {
  const metrics = deps.metrics ?? createMetrics();
  const trust = http.createTrust(deps.config.trustProxy);
  const app = baseApp(trust, deps.config.trustProxy);
  const spans = deps.tracer && http.requestSpans(deps.tracer, trust, createInvestorHandles());
  if (spans) app.use(spans);
  const wired = wire({ ...deps, metrics }, { notFound: false });
  const { bff } = wired;
  app.use(bff.router);
  if (metricsOnPublicPort(deps.config)) app.get('/metrics', http.strictCsp, http.metricsHandler(metrics));
  if (deps.config.devPage) app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  app.use(http.notFound);
  app.use(bff.errorHandler);
  // The admin API: operators on this machine (or ADMIN_HOST's network) reach it directly, no proxy.
  let admin: Express | undefined;
  if (deps.config.admin.port !== undefined) {
    admin = baseApp(http.createTrust(0), 0);
    admin.use(wired.admin());
  }
  if (deps.config.forwardAuth.port === undefined) return { app, forwardAuth: undefined, admin };
  // The proxy in front is the only client; its own hops are not counted (TRUST_PROXY is the public side's).
  const forwardAuth = baseApp(http.createTrust(0), 0);
  if (spans) forwardAuth.use(spans);
  forwardAuth.use(bff.forwardAuth);
  return { app, forwardAuth, admin };
}

export const createApp = (deps: AppDeps): Express => createApps(deps).app;
