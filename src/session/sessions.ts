import type { Response } from 'express';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import {
  createFactsStore,
  createIndexStore,
  createSessionStore,
  createTokenCodec,
  createTokenStore,
  openTokens,
  RedisClient,
  StoredTokens,
} from '../store';
import { createSessionById } from './by-id';
import { clearSessionCookie } from './cookies';
import { createSessionWriter, discardUnsaved } from './create';
import { createEnder, EndedSession } from './end';
import { sessionHandle, sessionLogger } from './handle';
import { ActiveSession, createSessionReader } from './reader';
import { readSessionMiddleware } from './read-middleware';

export interface SessionsDeps {
  redis: RedisClient;
  config: Config;
  now: () => number;
  metrics?: Pick<Metrics, 'sessionEnded'>;
  /** Each session the BFF ends itself (not a logout), for the audit trail. */
  onEnded?: (ended: EndedSession) => void;
}

/**
 * The one owner of sessions: how they are created, read, given new tokens and ended, the investor
 * index beside them, and the session cookie. It holds the seal (the token encryption keys), so it
 * hands out the stores whose records are sealed: the refresh's and the KYC facts'.
 */
export function createSessions(deps: SessionsDeps) {
  const { redis, config } = deps;
  const absoluteMs = config.session.absoluteTimeoutSeconds * 1000;
  const codec = createTokenCodec(config.tokenEncryptionKeys);
  const store = createSessionStore(redis);
  const index = createIndexStore(redis, absoluteMs);
  const ender = createEnder({ store, index, metrics: deps.metrics, onEnded: deps.onEnded });
  const facts = createFactsStore(redis, codec, absoluteMs);
  const load = createSessionReader({ store, config, now: deps.now, codec, end: ender.end });
  const writer = createSessionWriter({ config, store, codec, index, ender });
  return {
    /** The session a Cookie header names, or null; `extend` false peeks (for polling). */
    load,
    /** Middleware that sets `req.bff` (the session or null); `extend` restarts the idle window. */
    read: ({ extend }: { extend: boolean }) => readSessionMiddleware(load, extend),
    /** express-session, for the login route only; then `create` makes the session. */
    loginMiddleware: writer.middleware,
    create: writer.create,
    /** The decrypted tokens of a loaded session, or null when they cannot be opened. */
    tokensOf: (s: ActiveSession): StoredTokens | null => openTokens(s.record, s.sid, codec),
    /** Token storage for the refresh: compare-and-set writes and successor records. */
    tokenStore: createTokenStore(redis, codec),
    /** The investor's KYC facts beside the session, sealed. */
    facts,
    /** Drops the KYC facts kept beside every session of the investor (in Redis). */
    end: ender.end,
    endAll: ender.endAll,
    list: index.list,
    /** A session by id (no request: a recheck after a webhook), peeked; null when gone or not to be trusted. */
    byId: createSessionById({ store, config, now: deps.now, codec }),
    handle: sessionHandle,
    logger: sessionLogger,
    clearCookie: (res: Response) => clearSessionCookie(res, config),
    discardUnsaved,
  };
}

export type Sessions = ReturnType<typeof createSessions>;
