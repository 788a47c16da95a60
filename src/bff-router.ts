import type { Request, Router } from 'express';
import helmet from 'helmet';
import { createMetrics } from './metrics';
import {
  createRedisTransactionStore,
  createTokenRefresher,
  createWithAccessToken,
  startedElsewhere,
} from './auth';
import { createSessions } from './session';
import { createSpans } from './tracing';
import { requestContext } from './http/request-context';
import { createTrust } from './http/trust';
import { apiGuards, browserRoute, methodNotAllowed, noStore, strictCsp } from './http/guards';
import { createRateCheck, createRateLimit, rateLimitKey } from './http/rate-limit';
import { createErrorHandler, notFound } from './http/error-handler';
import { newRouter } from './http/router';
import { loginHandler } from './routes/login';
import { callbackHandler } from './routes/callback';
import { logoutHandler } from './routes/logout';
import { createSessionApiRouter, meHandler } from './routes/api';
import { createHealthRouter } from './routes/health';
import { createInvestorApiRouter } from './routes/investor-api';
import {
  createAssertions,
  createFactsSource,
  createGateway,
  createLibrary,
  createVouch,
  forwardAuthRoute,
} from './vouch';
import type { Bff, BffDeps, BffRouterOptions } from './bff-types';

export type { Bff, BffDeps, BffRouterOptions } from './bff-types';

/**
 * Everything the BFF serves, as one Express router: mount it at `/` (the standalone server does)
 * or under a prefix inside an existing app; then PUBLIC_URL must include that prefix, because the
 * callback is PUBLIC_URL/callback. The middleware order lives here and nowhere else; it does no I/O.
 */
export function createBffRouter(deps: BffDeps, options: BffRouterOptions = {}): Router {
  return createBff(deps, options).router;
}

export function createBff(deps: BffDeps, options: BffRouterOptions = {}): Bff {
  const { config, redis, securitize, logger } = deps;
  const now = deps.now ?? Date.now;
  const metrics = deps.metrics ?? createMetrics({ defaultMetrics: false });
  const sessions = createSessions({ redis, config, now, metrics });
  const spans = createSpans(deps.tracer);
  const txStore = createRedisTransactionStore(redis);
  const readSession = sessions.read({ extend: true });
  const refresher = createTokenRefresher({
    state: sessions.tokenStore,
    end: sessions.end,
    securitize,
    logger,
    now,
    metrics,
    marginMs: config.tokens.refreshMarginSeconds * 1000,
    lockTtlMs: config.tokens.refreshLockTtlMs,
    waitMs: config.securitize.timeoutMs + config.tokens.refreshLockTtlMs + 1000,
    spans,
  });
  const withAccessToken = createWithAccessToken({ sessions, refresher });
  const perMinute = config.rateLimitLoginPerMinute;
  // Callbacks count against the limit only when they match no login in flight: a matching one
  // needed a /login (itself limited), and a page on another site must not be able to use up the
  // investor's callbacks with junk ones.
  const limitCallback = createRateCheck(redis, 'callback', perMinute);
  const trust = createTrust(config.trustProxy);
  const auth = { config, trust, securitize, txStore, sessions, now, metrics };
  // Per session, across instances: one investor (or one stolen cookie) can't spend the application's
  // quota at Securitize for everyone.
  const limitSession = createRateCheck(redis, 'api', config.rateLimitApiPerMinute, (req) =>
    sessions.handle(req.bff!.sid),
  );
  const guarded = apiGuards(config.ownOrigins);

  // Vouching for the investor to the app's own backend.
  const facts = createFactsSource({
    store: sessions.facts,
    securitize,
    withAccessToken,
    maxAgeMs: config.kycFactsMaxAgeSeconds * 1000,
    now,
    leaseMs: config.securitize.timeoutMs * 2 + 1000,
    waitMs: config.securitize.timeoutMs * 2 + config.tokens.refreshLockTtlMs + 1000,
    onFetch: metrics.factsFetch,
  });
  const assertions = createAssertions({
    keys: config.assertion.keys,
    issuer: config.publicUrl,
    ttlSeconds: config.assertion.ttlSeconds,
    now,
  });
  const vouch = createVouch({
    sessions,
    facts,
    assertions,
    defaultAudience: config.assertion.audience,
    verificationPage: securitize.verificationPageUrl(`${config.publicUrl}/login`),
  });
  const library = createLibrary({ policy: config.policy, vouch, readSession, ownOrigins: config.ownOrigins });
  const gateway = createGateway({
    vouch,
    publicHost: new URL(config.publicUrl).host,
    trust,
    log: logger,
    spans,
  });
  const forwardAuth = newRouter();
  forwardAuth.use(requestContext(logger, now));
  forwardAuth.use(
    forwardAuthRoute({
      rules: config.policy.rules,
      fallback: config.policy.default,
      headers: config.forwardAuth.headers,
      ownOrigins: config.ownOrigins,
      readSession,
      vouch,
      metrics,
    }),
  );
  forwardAuth.use(notFound);
  forwardAuth.use(createErrorHandler(config.appUrl, metrics));

  const r = newRouter();
  r.use(requestContext(logger, now));
  r.use(helmet());
  // The API first: it is nearly all of the traffic, /api/me the most. CSRF defences run before the
  // session is read.
  r.get(
    '/api/me',
    guarded,
    meHandler((req) => sessions.load(req, false)),
  );
  // The rest of the API: the session is read once for all of it; the investor routes (the busier
  // ones) come first, so their requests walk past as few router layers as possible.
  r.use(
    '/api',
    guarded,
    readSession,
    createInvestorApiRouter({ securitize, withAccessToken, limitSession }),
    createSessionApiRouter({ sessions, idleTimeoutSeconds: config.session.idleTimeoutSeconds, now }),
  );
  // The app-API gateway: the policy before anything is forwarded; bodies are the backend's business.
  const gatewayGuards = apiGuards(config.ownOrigins, { jsonBody: false });
  for (const entry of config.policy.apis)
    r.use(entry.prefix, gatewayGuards, readSession, gateway(entry, metrics));
  r.get('/.well-known/jwks.json', strictCsp, async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(await assertions.jwks());
  });
  r.post('/logout', guarded, logoutHandler({ config, sessions }, readSession));
  r.all('/logout', methodNotAllowed(['POST']));

  r.use(['/healthz', '/readyz'], strictCsp);
  r.use(createHealthRouter(redis));
  const loginRoute = [browserRoute, noStore, strictCsp];
  // Logins started from other sites count apart: a page elsewhere cannot lock the investor out.
  const own = new Set(config.ownOrigins);
  const loginKey = (req: Request) =>
    `${rateLimitKey(req.ip)}${startedElsewhere(req, own) ? ':elsewhere' : ''}`;
  r.get('/login', ...loginRoute, createRateLimit(redis, 'login', perMinute, loginKey), loginHandler(auth));
  // `/callback/<state>` and whatever Securitize appended; the handler reads the URL itself.
  r.get(
    '/callback{*rest}',
    ...loginRoute,
    sessions.loginMiddleware,
    callbackHandler({ ...auth, limitUnmatched: limitCallback }),
  );
  r.all(['/login', '/callback', '/callback/{*rest}'], methodNotAllowed(['GET']));
  if (options.notFound !== false) r.use(notFound);
  const errorHandler = createErrorHandler(config.appUrl, metrics, logger);
  r.use(errorHandler);
  return {
    router: r,
    readSession,
    withAccessToken,
    requirePolicy: library.requirePolicy,
    enforceRules: library.enforceRules,
    assertionFor: library.assertionFor,
    forwardAuth,
    errorHandler,
  };
}
