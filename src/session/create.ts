import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import type { Config } from '../config';
import {
  IndexStore,
  SessionRecord,
  SessionStore,
  StoredTokens,
  storeUnavailable,
  TokenCodec,
  tokenFields,
} from '../store';
import type { Ender } from './end';
import { sessionCookieOptions } from './cookies';
import { browserFamily } from './browser';

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
  /** The client's address as the BFF reads it (req.ip, under TRUST_PROXY), for the admin API. */
  address?: string | null;
}

const promised = (op: string, fn: (cb: (err?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => fn((err) => (err ? reject(storeUnavailable(err, op)) : resolve())));

/**
 * Sessions are created at login with express-session over connect-redis (the stack this product is
 * built on): mounted on /callback only; everything that reads them afterwards uses the lean reader
 * on the same keys and cookie.
 */
export function createSessionWriter(deps: {
  config: Config;
  store: SessionStore;
  codec: TokenCodec;
  index: IndexStore;
  ender: Ender;
}) {
  const { config, codec, index, ender } = deps;
  const freshIds = new WeakSet<Request>();
  const mw = session({
    name: config.session.cookieName,
    secret: config.session.secrets,
    store: deps.store.writer(config.session.idleTimeoutSeconds),
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
      await index.add(s.investorId, req.sessionID, {
        createdAt: s.createdAt,
        userAgent: s.userAgent,
        address: s.address ?? null,
        browser: browserFamily(s.userAgent),
      });
    } catch (err) {
      // The session exists but "log out everywhere" would miss it: don't hand out its cookie.
      await ender.end({ sid: req.sessionID, investorId: s.investorId }, 'not_stored').catch(() => undefined);
      discardUnsaved(req);
      throw err;
    }
  }

  return { middleware, create };
}

/** express-session would otherwise still send Set-Cookie for a session that was not stored. */
export function discardUnsaved(req: Request): void {
  (req as { session?: unknown }).session = undefined;
}
