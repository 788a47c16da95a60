import { Router } from 'express';
import helmet from 'helmet';
import type { RedisClient } from './redis';
import type { Logger } from 'pino';
import { RedisStore } from 'connect-redis';
import type { Config } from './config';
import type { SecuritizeClient } from './securitize';
import { createMetrics, Metrics } from './metrics';
import { createRedisTransactionStore } from './auth/login-transaction';
import { createTokenRefresher } from './auth/token-refresher';
import { createTokenCodec } from './session/codec';
import { createInvestorIndex } from './session/investor-index';
import { SESSION_PREFIX } from './session/keys';
import { sessionSerializer } from './session/serializer';
import { createLoginSession } from './session/login-session';
import { createSessionReader } from './session/reader';
import { createRedisSessionState } from './session/redis-session-state';
import { requestContext } from './http/request-context';
import { apiGuards, browserRoute, methodNotAllowed, noStore, strictCsp } from './http/guards';
import { createRateCheck, createRateLimit } from './http/rate-limit';
import { createErrorHandler, notFound } from './http/error-handler';
import { loginHandler } from './routes/login';
import { callbackHandler } from './routes/callback';
import { logoutHandler } from './routes/logout';
import { createSessionApiRouter, meHandler, sessionHandle } from './routes/api';
import { createHealthRouter } from './routes/health';
import { createInvestorApiRouter } from './routes/investor-api';

export interface BffDeps {
  config: Config;
  redis: RedisClient;
  securitize: SecuritizeClient;
  logger: Logger;
  metrics?: Metrics;
  now?: () => number;
}

export interface BffRouterOptions {
  /** Answer unknown paths under the mount point with 404 (true), or pass them on (false). */
  notFound?: boolean;
}

/**
 * Everything the BFF serves, as one Express router: mount it at `/` (the standalone server does)
 * or under a prefix inside an existing app; then PUBLIC_URL must include that prefix, because the
 * callback is PUBLIC_URL/callback. The middleware order lives here and nowhere else; it does no I/O.
 */
export function createBffRouter(deps: BffDeps, options: BffRouterOptions = {}): Router {
  const { config, redis, securitize, logger } = deps;
  const now = deps.now ?? Date.now;
  const metrics = deps.metrics ?? createMetrics({ defaultMetrics: false });
  const codec = createTokenCodec(config.tokenEncryptionKeys);
  const store = new RedisStore({
    client: redis,
    prefix: SESSION_PREFIX,
    ttl: config.session.idleTimeoutSeconds,
    disableTouch: true,
    serializer: sessionSerializer,
  });
  const txStore = createRedisTransactionStore(redis);
  const state = createRedisSessionState(redis, codec);
  const index = createInvestorIndex(redis, config.session.absoluteTimeoutSeconds * 1000);
  const reader = createSessionReader({ redis, config, now, metrics });
  const readSession = reader({ extend: true });
  const refresher = createTokenRefresher({
    state,
    securitize,
    logger,
    now,
    metrics,
    marginMs: config.tokens.refreshMarginSeconds * 1000,
    lockTtlMs: config.tokens.refreshLockTtlMs,
    waitMs: config.securitize.timeoutMs + config.tokens.refreshLockTtlMs + 1000,
  });
  const perMinute = config.rateLimitLoginPerMinute;
  // Callbacks count against the limit only when they match no login in flight: a matching one
  // needed a /login (itself limited), and a page on another site must not be able to use up the
  // investor's callbacks with junk ones.
  const limitCallback = createRateCheck(redis, 'callback', perMinute);
  const auth = { config, securitize, txStore, codec, index, now, metrics };
  // Per session, across instances: one investor (or one stolen cookie) can't spend the application's
  // quota at Securitize for everyone.
  const limitSession = createRateCheck(redis, 'api', config.rateLimitApiPerMinute, (req) =>
    sessionHandle(req.bff!.sid),
  );
  const guarded = apiGuards([new URL(config.publicUrl).origin, new URL(config.appUrl).origin]);

  const r = Router();
  r.use(requestContext(logger, now));
  r.use(helmet());
  // The API first: it is nearly all of the traffic, /api/me the most. CSRF defences run before the
  // session is read.
  r.get(
    '/api/me',
    guarded,
    meHandler((req) => reader.load(req, false)),
  );
  // The rest of the API: the session is read once for all of it; the investor routes (the busier
  // ones) come first, so their requests walk past as few router layers as possible.
  r.use(
    '/api',
    guarded,
    readSession,
    createInvestorApiRouter({ securitize, refresher, state, codec, metrics, limitSession }),
    createSessionApiRouter({ index, metrics, idleTimeoutSeconds: config.session.idleTimeoutSeconds, now }),
  );
  r.post('/logout', guarded, logoutHandler({ config, redis, index, metrics }, readSession));
  r.all('/logout', methodNotAllowed(['POST']));

  r.use(['/healthz', '/readyz'], strictCsp);
  r.use(createHealthRouter(redis));
  const loginRoute = [browserRoute, noStore, strictCsp];
  r.get('/login', ...loginRoute, createRateLimit(redis, 'login', perMinute), loginHandler(auth));
  // `/callback/<state>` and whatever Securitize appended; the handler reads the URL itself.
  r.get(
    '/callback{*rest}',
    ...loginRoute,
    createLoginSession(config, store),
    callbackHandler({ ...auth, limitUnmatched: limitCallback }),
  );
  r.all(['/login', '/callback', '/callback/{*rest}'], methodNotAllowed(['GET']));
  if (options.notFound !== false) r.use(notFound);
  r.use(createErrorHandler(config.appUrl, metrics));
  return r;
}
