import type { Request, Response } from 'express';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import type { RedisClient } from '../redis';
import { createTokenCodec } from './codec';
import { clearSessionCookie, setTxCookie } from './cookies';
import { createSessionWriter, discardUnsaved } from './create';
import { createEnder } from './end';
import { createFactsStore } from './facts-store';
import { sessionHandle, sessionLog } from './handle';
import { createInvestorIndex } from './investor-index';
import { ActiveSession, createSessionReader } from './reader';
import { openTokens, StoredTokens } from './record';
import { createRedisSessionState } from './redis-session-state';

export interface SessionsDeps {
  redis: RedisClient;
  config: Config;
  now: () => number;
  metrics?: Pick<Metrics, 'sessionEnded'>;
}

/**
 * The one owner of sessions: how they are created, read, given new tokens and ended, the investor
 * index beside them, and their cookies. Nothing outside src/session/ touches a session key or a
 * cookie attribute.
 */
export function createSessions(deps: SessionsDeps) {
  const { redis, config } = deps;
  const codec = createTokenCodec(config.tokenEncryptionKeys);
  const index = createInvestorIndex(redis, config.session.absoluteTimeoutSeconds * 1000);
  const ender = createEnder({ redis, index, metrics: deps.metrics });
  const reader = createSessionReader({ redis, config, now: deps.now, codec, end: ender.end });
  const writer = createSessionWriter({ config, redis, codec, index, ender });
  return {
    /** Middleware that sets `req.bff` (the session or null); `extend` restarts the idle window. */
    read: (o: { extend: boolean }) => reader(o),
    /** The session of a request, or null; `extend` false peeks (for polling). */
    load: (req: Request, extend: boolean) => reader.load(req, extend),
    /** express-session, for the login route only; then `create` makes the session. */
    loginMiddleware: writer.middleware,
    create: writer.create,
    /** The decrypted tokens of a loaded session, or null when they cannot be opened. */
    tokensOf: (s: ActiveSession): StoredTokens | null => openTokens(s.record, s.sid, codec),
    /** Token storage for the refresher: compare-and-set writes, successor records, the lock. */
    tokenStore: createRedisSessionState(redis, codec),
    /** The investor's KYC facts beside the session, sealed, and the lease for fetching them. */
    facts: createFactsStore(redis, codec, config.session.absoluteTimeoutSeconds * 1000),
    end: ender.end,
    endAll: ender.endAll,
    list: index.list,
    handle: sessionHandle,
    log: sessionLog,
    clearCookie: (res: Response) => clearSessionCookie(res, config),
    setTxCookie: (res: Response, value: string, ttlSeconds: number) =>
      setTxCookie(res, config, value, ttlSeconds),
    discardUnsaved,
  };
}

export type Sessions = ReturnType<typeof createSessions>;
