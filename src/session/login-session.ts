import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session, { Store } from 'express-session';
import type { Config } from '../config';
import { storeUnavailable } from '../redis-errors';
import type { SessionRecord } from './record';

declare module 'express-session' {
  // The stored record, as express-session sees it when the login writes it.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends SessionRecord {}
}

const freshIds = new WeakSet<Request>();

/**
 * True when express-session generated this request's session id itself (no cookie, or a cookie
 * naming no stored session: it never adopts an id it does not hold). Such an id cannot have been
 * planted by anyone, so a login may use it without regenerating (which costs a Redis DEL); an id
 * that came from the browser with a stored session is always regenerated (A6/C6).
 */
export const sessionIdIsFresh = (req: Request): boolean => freshIds.has(req);

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
    // express-session's own default (uid-safe, 24 random bytes, base64url), noting which requests got one.
    genid: (req) => {
      freshIds.add(req);
      return randomBytes(24).toString('base64url');
    },
    cookie: { httpOnly: true, secure: config.session.secure, sameSite: config.session.sameSite, path: '/' },
  });
  return (req, res, next) => {
    mw(req, res, (err?: unknown) => (err ? next(storeUnavailable(err, 'load')) : next()));
  };
}
