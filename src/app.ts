import path from 'node:path';
import express, { Express } from 'express';
import helmet from 'helmet';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { RedisStore } from 'connect-redis';
import type { Config } from './config';
import type { SecuritizeClient } from './securitize';
import { createRedisTransactionStore } from './auth/login-transaction';
import { createTokenRefresher } from './auth/token-refresher';
import { createTokenCodec } from './session/codec';
import { createInvestorIndex } from './session/investor-index';
import { SESSION_PREFIX } from './session/keys';
import { createLoginSession } from './session/login-session';
import { createSessionReader } from './session/reader';
import { createRedisSessionState } from './session/redis-session-state';
import { requestContext } from './http/request-context';
import {
  browserRoute,
  methodNotAllowed,
  noStore,
  requireCsrfHeader,
  requireJsonBody,
  requireSameOrigin,
  strictCsp,
} from './http/guards';
import { createRateLimit } from './http/rate-limit';
import { createErrorHandler, notFound } from './http/error-handler';
import { loginHandler } from './routes/login';
import { callbackHandler } from './routes/callback';
import { logoutHandler } from './routes/logout';
import { createSessionApiRouter } from './routes/api';
import { createHealthRouter } from './routes/health';
import { createInvestorApiRouter } from './routes/investor-api';

export interface AppDeps {
  config: Config;
  redis: Redis;
  securitize: SecuritizeClient;
  logger: Logger;
  now?: () => number;
}

/** Where the demo page's files live, both from src/ (tsx, jest) and from dist/. */
const PUBLIC_DIR = path.join(__dirname, '..', 'public');

/**
 * The one composition root: builds the Express app from ready-made parts and does no I/O.
 * The middleware order lives here and nowhere else.
 */
export function createApp(deps: AppDeps): Express {
  const { config, redis, securitize, logger } = deps;
  const now = deps.now ?? Date.now;
  const codec = createTokenCodec(config.tokenEncryptionKeys);
  const store = new RedisStore({
    client: redis,
    prefix: SESSION_PREFIX,
    ttl: config.session.idleTimeoutSeconds,
    disableTouch: true,
  });
  const txStore = createRedisTransactionStore(redis);
  const state = createRedisSessionState(redis, codec);
  const index = createInvestorIndex(redis, config.session.absoluteTimeoutSeconds * 1000);
  const reader = createSessionReader({ redis, config, now });
  const readSession = reader({ extend: true });
  const refresher = createTokenRefresher({
    state,
    securitize,
    logger,
    now,
    marginMs: config.tokens.refreshMarginSeconds * 1000,
    lockTtlMs: config.tokens.refreshLockTtlMs,
    waitMs: config.securitize.timeoutMs + config.tokens.refreshLockTtlMs + 1000,
  });
  const auth = { config, securitize, txStore, codec, index, now };

  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  app.use(requestContext(logger, now));
  app.use(helmet());

  const sameOrigin = requireSameOrigin([new URL(config.publicUrl).origin, new URL(config.appUrl).origin]);
  const perMinute = config.rateLimitLoginPerMinute;

  app.use(['/healthz', '/readyz'], strictCsp);
  app.use(createHealthRouter(redis));
  const loginRoute = [browserRoute, noStore, strictCsp];
  app.get('/login', ...loginRoute, createRateLimit(redis, 'login', perMinute), loginHandler(auth));
  app.get(
    '/callback',
    ...loginRoute,
    createRateLimit(redis, 'callback', perMinute),
    createLoginSession(config, store),
    callbackHandler(auth),
  );
  app.all(['/login', '/callback'], methodNotAllowed(['GET']));
  // CSRF defences run before the session is even read from the store.
  const guarded = [noStore, strictCsp, sameOrigin, requireCsrfHeader, requireJsonBody];
  app.post('/logout', ...guarded, logoutHandler(config, redis, index, readSession));
  app.all('/logout', methodNotAllowed(['POST']));
  app.use(
    '/api',
    ...guarded,
    createSessionApiRouter({
      index,
      readSession,
      peekSession: reader({ extend: false }),
      idleTimeoutSeconds: config.session.idleTimeoutSeconds,
      now,
    }),
    createInvestorApiRouter({ securitize, refresher, state, codec }),
  );
  if (config.devPage) app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));

  app.use(notFound);
  app.use(createErrorHandler(config.appUrl));
  return app;
}
