import type { RequestHandler } from 'express';
import session, { Store } from 'express-session';
import { AppError } from '../errors';
import type { Config } from '../config';
import './types';

/**
 * express-session over the given store. A store failure becomes a 503 AppError: the browser keeps
 * its cookie and is never told it was logged out (security-bar G2).
 */
export function createSessionMiddleware(config: Config, store: Store): RequestHandler {
  const mw = session({
    name: config.session.cookieName,
    secret: config.session.secrets,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: {
      httpOnly: true,
      secure: config.session.secure,
      sameSite: config.session.sameSite,
      path: '/',
    },
  });
  return (req, res, next) => {
    mw(req, res, (err?: unknown) => {
      if (err) next(storeUnavailable(err, 'load'));
      else next();
    });
  };
}

export function storeUnavailable(err: unknown, op: string): AppError {
  if (err instanceof AppError) return err;
  const e = err as { name?: string; message?: string };
  return new AppError('session_store_unavailable', {
    retryAfterSeconds: 2,
    detail: { op, storeError: e?.name ?? 'unknown', storeMessage: e?.message?.slice(0, 200) },
  });
}
