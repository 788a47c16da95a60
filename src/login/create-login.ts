import type { ErrorRequestHandler, Request, Router } from 'express';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import type { AuditRecorder } from '../audit';
import type { SecuritizeClient } from '../securitize';
import type { Sessions } from '../session';
import { createTransactionStore, RateStore, RedisClient } from '../store';
import {
  apiGuards,
  createErrorHandler,
  createRateCheck,
  createRateLimit,
  methodNotAllowed,
  newRouter,
  noStore,
  rateLimitKey,
  strictCsp,
  toAppError,
  Trust,
} from '../http';
import { callbackHandler } from './callback-route';
import { loginHandler } from './login-route';
import { logoutHandler } from './logout-route';
import { startedElsewhere } from './started-elsewhere';
import { createTransactionCookie } from './transaction-cookie';
import { createTransactions } from './transactions';

export interface LoginFeatureDeps {
  config: Config;
  redis: RedisClient;
  rates: RateStore;
  trust: Trust;
  securitize: SecuritizeClient;
  sessions: Sessions;
  now: () => number;
  metrics: Metrics;
  audit: AuditRecorder;
}

/**
 * Failures that are not a login's: a callback that matched no login in flight (any page can send
 * a browser here with junk) or over the limit. They are logged and counted, but kept out of the
 * audit trail, so a flood of them cannot push real evidence out of it.
 */
const NOT_A_LOGIN = new Set(['invalid_state', 'rate_limited', 'invalid_request']);

/** Security events carry a reason code (F3): every failed callback is logged and counted with why. */
const loginFailures =
  (metrics: Pick<Metrics, 'login'>, audit: AuditRecorder): ErrorRequestHandler =>
  (err, req, _res, next) => {
    if (!req.path.startsWith('/callback')) return next(err);
    const e = toAppError(err, 'login');
    req.log.warn({ event: 'login_failure', reason: e.code, detail: e.detail }, 'login failed');
    metrics.login(e.code);
    if (!NOT_A_LOGIN.has(e.code)) audit.record({ type: 'login_failed', reason: e.code });
    next(e);
  };

/**
 * The login journey: GET /login, GET /callback/<state> (the browser's own navigations: a failure is
 * a 303 to the web app with `?error=<code>`), and POST /logout (JSON, as the API).
 */
export function createLogin(deps: LoginFeatureDeps): Router {
  const { config, sessions, metrics } = deps;
  const perMinute = config.rateLimitLoginPerMinute;
  const transactions = createTransactions(
    createTransactionStore(deps.redis),
    config.loginTransactionTtlSeconds,
  );
  const txCookie = createTransactionCookie(config);
  const journey = { ...deps, transactions, txCookie };
  // Logins started from other sites count apart: a page elsewhere cannot lock the investor out.
  const own = new Set(config.ownOrigins);
  const loginKey = (req: Request) =>
    `${rateLimitKey(req.ip)}${startedElsewhere(req, own) ? ':elsewhere' : ''}`;
  // Callbacks count against the limit only when they match no login in flight: a matching one
  // needed a /login (itself limited), and a page on another site must not be able to use up the
  // investor's callbacks with junk ones.
  const limitUnmatched = createRateCheck(deps.rates, 'callback', perMinute);

  const browser = newRouter();
  browser.get(
    '/login',
    noStore,
    strictCsp,
    createRateLimit(deps.rates, 'login', perMinute, loginKey),
    loginHandler(journey),
  );
  // `/callback/<state>` and whatever Securitize appended; the handler reads the URL itself.
  browser.get(
    '/callback{*rest}',
    noStore,
    strictCsp,
    sessions.loginMiddleware,
    callbackHandler({ ...journey, limitUnmatched }),
  );
  browser.use(loginFailures(metrics, deps.audit));
  browser.use(createErrorHandler('redirect', { appUrl: config.appUrl, metrics }));

  const r = newRouter();
  r.use(browser);
  r.post('/logout', apiGuards(config.ownOrigins), logoutHandler({ config, sessions, audit: deps.audit }));
  r.all('/logout', methodNotAllowed(['POST']));
  r.all(['/login', '/callback', '/callback/{*rest}'], methodNotAllowed(['GET']));
  return r;
}
