import path from 'node:path';
import express, { Express } from 'express';
import session, { Store } from 'express-session';
import helmet from 'helmet';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { RedisStore } from 'connect-redis';
import type { Config } from './config';
import type { SecuritizeClient } from './securitize';
import { createMemoryTransactionStore, createRedisTransactionStore } from './auth/login-transaction';
import { createSessionMiddleware } from './session/middleware';
import { requestContext } from './http/request-context';
import { browserRoute, methodNotAllowed, noStore, requireCsrfHeader } from './http/guards';
import { createErrorHandler, notFound } from './http/error-handler';
import { loginHandler } from './routes/login';
import { callbackHandler } from './routes/callback';
import { logoutHandler } from './routes/logout';
import { createApiRouter } from './routes/api';
import { createHealthRouter } from './routes/health';
import { createInvestorApiRouter } from './routes/investor-api';
import { createTokenRefresher } from './auth/token-refresher';
import { createRedisSessionState } from './session/redis-session-state';
import { createMemorySessionState } from './session/memory-session-state';
import { SESSION_PREFIX } from './session/keys';

export interface AppDeps {
  config: Config;
  /** null only in development without REDIS_URL: sessions then live in this process's memory. */
  redis: Redis | null;
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
  const idle = config.session.idleTimeoutSeconds;
  const memory = redis ? null : new session.MemoryStore();
  const store: Store = redis ? new RedisStore({ client: redis, prefix: SESSION_PREFIX, ttl: idle }) : memory!;
  const txStore = redis ? createRedisTransactionStore(redis) : createMemoryTransactionStore(now);
  const state = redis ? createRedisSessionState(redis) : createMemorySessionState(memory!, now);
  const refresher = createTokenRefresher({
    state,
    securitize,
    logger,
    now,
    marginMs: config.tokens.refreshMarginSeconds * 1000,
    lockTtlMs: config.tokens.refreshLockTtlMs,
    waitMs: config.securitize.timeoutMs + config.tokens.refreshLockTtlMs + 1000,
  });
  const loadSession = createSessionMiddleware(config, store);
  const auth = { config, securitize, txStore, now };

  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  app.use(requestContext(logger, now));
  app.use(helmet());

  app.use(createHealthRouter(redis));
  app.get('/login', browserRoute, noStore, loginHandler(auth));
  app.get('/callback', browserRoute, noStore, loadSession, callbackHandler(auth));
  app.post('/logout', noStore, requireCsrfHeader, logoutHandler(config, loadSession));
  app.all('/logout', methodNotAllowed(['POST']));
  // The CSRF header is checked before the session is even read from the store.
  app.use(
    '/api',
    noStore,
    requireCsrfHeader,
    loadSession,
    createApiRouter(),
    createInvestorApiRouter({ securitize, refresher, state }),
  );
  if (config.devPage) app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));

  app.use(notFound);
  app.use(createErrorHandler(config.appUrl));
  return app;
}
