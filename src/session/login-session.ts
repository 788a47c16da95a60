import type { RequestHandler } from 'express';
import session, { Store } from 'express-session';
import type { Config } from '../config';
import { storeUnavailable } from './store-errors';
import type { SessionRecord } from './record';

declare module 'express-session' {
  // The stored record, as express-session sees it when the login writes it.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends SessionRecord {}
}

/**
 * express-session (over connect-redis) writes sessions: it is mounted on /callback only, where a
 * login regenerates the id and saves. Everything that reads sessions afterwards uses the lighter
 * reader in ./reader.ts against the same keys and cookie. A store failure becomes a 503 AppError.
 */
export function createLoginSession(config: Config, store: Store): RequestHandler {
  const mw = session({
    name: config.session.cookieName,
    secret: config.session.secrets,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, secure: config.session.secure, sameSite: config.session.sameSite, path: '/' },
  });
  return (req, res, next) => {
    mw(req, res, (err?: unknown) => (err ? next(storeUnavailable(err, 'load')) : next()));
  };
}
