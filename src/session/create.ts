import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session, { SessionData } from 'express-session';
import { RedisStore } from 'connect-redis';
import type { Config } from '../config';
import type { RedisClient } from '../redis';
import { storeUnavailable } from '../redis-errors';
import type { TokenCodec } from './codec';
import type { Ender } from './end';
import type { InvestorIndex } from './investor-index';
import { SESSION_PREFIX } from './keys';
import { SessionRecord, StoredTokens, tokenFields } from './record';
import { sessionCookieOptions } from './cookies';

declare module 'express-session' {
  // The stored record, as express-session sees it when the login writes it.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends SessionRecord {}
}

export interface NewSession {
  investorId: string;
  tokens: StoredTokens;
  createdAt: number;
  country?: string;
  authorized: boolean;
  userAgent: string | null;
}

/**
 * How connect-redis stores a session: express-session keeps a `cookie` object in every session;
 * with a browser-session cookie it holds nothing the server needs, so it is left out of Redis
 * (~110 bytes a session) and a neutral one is put back when express-session reads it.
 */
const serializer = {
  stringify(data: SessionData): string {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { cookie, ...rest } = data;
    return JSON.stringify(rest);
  },
  parse(text: string): SessionData {
    const data = JSON.parse(text) as SessionData;
    return { ...data, cookie: { originalMaxAge: null, expires: undefined, httpOnly: true, path: '/' } };
  },
};

const promised = (op: string, fn: (cb: (err?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => fn((err) => (err ? reject(storeUnavailable(err, op)) : resolve())));

/**
 * Sessions are created at login with express-session over connect-redis (the stack this product is
 * built on): mounted on /callback only; everything that reads them afterwards uses the lean reader
 * on the same keys and cookie.
 */
export function createSessionWriter(deps: {
  config: Config;
  redis: RedisClient;
  codec: TokenCodec;
  index: InvestorIndex;
  ender: Ender;
}) {
  const { config, codec, index, ender } = deps;
  const freshIds = new WeakSet<Request>();
  const store = new RedisStore({
    client: deps.redis,
    prefix: SESSION_PREFIX,
    ttl: config.session.idleTimeoutSeconds,
    disableTouch: true,
    serializer,
  });
  const mw = session({
    name: config.session.cookieName,
    secret: config.session.secrets,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    // express-session's own default (24 random bytes, base64url), noting which requests got one:
    // such an id cannot have been planted, so a login may use it without regenerating.
    genid: (req) => {
      freshIds.add(req);
      return randomBytes(24).toString('base64url');
    },
    cookie: sessionCookieOptions(config),
  });
  const middleware: RequestHandler = (req, res, next) =>
    mw(req, res, (err?: unknown) => (err ? next(storeUnavailable(err, 'load')) : next()));

  /**
   * A new session for a login: regenerate (no fixation) unless express-session made the id itself,
   * store it and its index entry, and only then let the caller answer (an unsaved session must not
   * get a cookie). If the store fails, nothing is left behind.
   */
  async function create(req: Request, s: NewSession): Promise<void> {
    if (!freshIds.has(req)) await promised('regenerate', (cb) => req.session.regenerate(cb));
    const bound = { investorId: s.investorId, createdAt: s.createdAt };
    // Sealed with the session id, investor and creation time as associated data.
    const hints = { country: s.country, authorized: s.authorized };
    Object.assign(req.session, { ...bound, ...tokenFields(s.tokens, req.sessionID, bound, codec), ...hints });
    try {
      await promised('save', (cb) => req.session.save(cb));
    } catch (err) {
      // A save that timed out may still be carried out once Redis answers again (a paused or slow
      // Redis): queue the delete behind it on the same connection, so no orphan session is left.
      void ender.end({ sid: req.sessionID }, 'not_stored').catch(() => undefined);
      throw err;
    }
    try {
      await index.add(s.investorId, req.sessionID, { createdAt: s.createdAt, userAgent: s.userAgent });
    } catch (err) {
      // The session exists but "log out everywhere" would miss it: don't hand out its cookie.
      await ender.end({ sid: req.sessionID, investorId: s.investorId }, 'not_stored').catch(() => undefined);
      discardUnsaved(req);
      throw storeUnavailable(err, 'investor_index');
    }
  }

  return { middleware, create };
}

/** express-session would otherwise still send Set-Cookie for a session that was not stored. */
export function discardUnsaved(req: Request): void {
  (req as { session?: unknown }).session = undefined;
}
