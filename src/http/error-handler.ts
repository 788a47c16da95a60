import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors';
import { isRedisFailure, storeUnavailable } from '../redis-errors';
import type { Metrics } from '../metrics';
import { isSecuritizeError } from '../securitize';
import { fromSecuritize } from './securitize-errors';
import { discardUnsaved } from '../session';
import { loggedPath } from './logged-path';

/** Maps errors thrown by express's own body parsers and router, Securitize and Redis onto our closed set of codes. */
function toAppError(err: unknown, browserRoute: boolean): AppError {
  if (isAppError(err)) return err;
  if (isSecuritizeError(err)) return fromSecuritize(err, browserRoute ? 'login' : 'api');
  const e = err as { type?: string; status?: number; statusCode?: number; name?: string };
  const status = e?.status ?? e?.statusCode;
  if (e?.type === 'entity.parse.failed') return new AppError('invalid_json');
  if (e?.type === 'entity.too.large') return new AppError('payload_too_large');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported')
    return new AppError('unsupported_media_type');
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError('invalid_request');
  if (isRedisFailure(err)) return storeUnavailable(err, 'redis');
  return new AppError('internal_error', { cause: err });
}

/**
 * The one place that turns an error into HTTP. Browser routes (/login, /callback) get a 303 to
 * the web app with `?error=<code>`; everything else gets JSON `{error, message, requestId}`.
 * Never a stack trace, never an echo of the input, and never a session cookie.
 */
export function createErrorHandler(
  appUrl: string,
  metrics?: Pick<Metrics, 'login' | 'redisError' | 'decision'>,
  /** For requests that came through no request context (a host app's own routes in library mode). */
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>,
): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appErr = toAppError(err, res.locals.browserRoute === true);
    // For the request's span (with tracing on): what went wrong, as the closed set of codes.
    res.locals.errorCode = appErr.code;
    const log = req.log ?? logger ?? console;
    const fields = {
      event: 'http_error',
      code: appErr.code,
      status: appErr.status,
      path: (res.locals.logPath as string | undefined) ?? loggedPath(req.path),
      detail: appErr.detail,
      // Unknown errors keep their stack in the log only; AppErrors are expected outcomes.
      err: appErr.code === 'internal_error' ? serialiseUnknown(appErr.cause) : undefined,
      afterResponse: res.headersSent || undefined,
    };
    if (appErr.status >= 500) log.error(fields, 'request failed');
    else log.info(fields, 'request rejected');
    // Security events carry a reason code (F3): every failed login says why.
    if (res.locals.browserRoute && req.path.startsWith('/callback')) {
      log.warn({ event: 'login_failure', reason: appErr.code, detail: appErr.detail }, 'login failed');
      metrics?.login(appErr.code);
    }
    if (appErr.code === 'session_store_unavailable' || appErr.code === 'logout_incomplete')
      metrics?.redisError(String(appErr.detail?.op ?? 'unknown'));
    if (res.locals.vouchVia)
      metrics?.decision(
        res.locals.vouchVia as 'forward_auth' | 'gateway',
        (res.locals.vouchRule as string | undefined) ?? 'none',
        appErr.code,
      );
    if (res.headersSent) return;

    discardUnsaved(req);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    if (appErr.retryAfterSeconds) res.setHeader('Retry-After', String(appErr.retryAfterSeconds));
    if (res.locals.browserRoute) {
      res.setHeader('Location', `${appUrl}/?error=${appErr.code}`);
      res.status(303).end();
      return;
    }
    const body = { error: appErr.code, ...appErr.expose, message: appErr.message, requestId: req.id };
    if (res.locals.forwardAuth) {
      // A proxy's auth request understands 2xx, 401 and 403 only (nginx turns anything else into
      // a 500), and it drops the body: the reason goes in headers too.
      const status = appErr.status === 401 ? 401 : appErr.status >= 500 ? 503 : 403;
      res.setHeader('X-Auth-Reason', appErr.code);
      if (appErr.expose?.reason) res.setHeader('X-Auth-Requirement', appErr.expose.reason);
      if (appErr.expose?.action) res.setHeader('X-Auth-Action', appErr.expose.action);
      res.status(status).json(body);
      return;
    }
    res.status(appErr.status).json(body);
  };
}

export const notFound: RequestHandler = () => {
  throw new AppError('not_found');
};

function serialiseUnknown(cause: unknown) {
  if (cause instanceof Error) return { name: cause.name, message: cause.message, stack: cause.stack };
  return { value: typeof cause };
}
