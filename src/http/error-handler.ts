import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors';
import { isRedisFailure, storeUnavailable } from '../store';
import type { Metrics } from '../metrics';
import { isSecuritizeError } from '../securitize';
import { fromSecuritize } from './securitize-errors';
import { loggedPath } from './logged-path';

/** Codes whose requests the refusal count logs (one line per kind per 10 s), never a line each. */
const REFUSALS = new Set(['unauthorized', 'signature_invalid']);

/**
 * How a router's errors are answered, chosen by the router that mounts the writer: `json` (the
 * API, the app-API proxy, library mode) or `redirect` (the browser's own navigations, /login and
 * /callback: a 303 to the web app with `?error=<code>`).
 */
export type ErrorMode = 'json' | 'redirect';

/**
 * Maps errors thrown by express's own body parsers and router, Securitize and Redis onto our closed
 * set of codes. `login`: a Securitize refusal at the code exchange is a failed login.
 */
export function toAppError(err: unknown, context: 'login' | 'api' = 'api'): AppError {
  if (isAppError(err)) return err;
  if (isSecuritizeError(err)) return fromSecuritize(err, context);
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

export interface WriterDeps {
  appUrl: string;
  metrics?: Pick<Metrics, 'redisError'>;
  /** For requests that came through no request context (a host app's own routes in library mode). */
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * What every written error does first, whatever its shape: one log line (the path as logs may show
 * it, never a stack for an expected outcome), the store-outage count, the code for the request's
 * span; and no session cookie goes out with it.
 */
export function noteError(
  err: unknown,
  req: Request,
  res: Response,
  deps: WriterDeps,
  context: 'login' | 'api',
) {
  const appErr = toAppError(err, context);
  res.locals.errorCode = appErr.code;
  const log = req.log ?? deps.logger ?? console;
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
  // Refusals of a credential are logged by the refusal count at a bounded rate, not once each.
  else if (!REFUSALS.has(appErr.code)) log.info(fields, 'request rejected');
  if (appErr.code === 'session_store_unavailable' || appErr.code === 'logout_incomplete')
    deps.metrics?.redisError(String(appErr.detail?.op ?? 'unknown'));
  if (!res.headersSent) {
    // express-session would otherwise still send Set-Cookie for a session that was not stored.
    (req as { session?: unknown }).session = undefined;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    if (appErr.retryAfterSeconds) res.setHeader('Retry-After', String(appErr.retryAfterSeconds));
  }
  return appErr;
}

/** The JSON body of an error: its code, the safe fields it exposes, the message and the request id. */
export const errorBody = (appErr: AppError, req: Request) => ({
  error: appErr.code,
  ...appErr.expose,
  message: appErr.message,
  requestId: req.id,
});

/**
 * The one writer of error answers, in the mode of the router that mounts it. Never a stack trace,
 * never an echo of the input, and never a session cookie.
 */
export function createErrorHandler(mode: ErrorMode, deps: WriterDeps): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appErr = noteError(err, req, res, deps, mode === 'redirect' ? 'login' : 'api');
    if (res.headersSent) return;
    if (mode === 'redirect' && appErr.answer !== 'status') {
      res.setHeader('Location', `${deps.appUrl}/?error=${appErr.code}`);
      res.status(303).end();
      return;
    }
    res.status(appErr.status).json(errorBody(appErr, req));
  };
}

export const notFound: RequestHandler = () => {
  throw new AppError('not_found');
};

function serialiseUnknown(cause: unknown) {
  if (cause instanceof Error) return { name: cause.name, message: cause.message, stack: cause.stack };
  return { value: typeof cause };
}
