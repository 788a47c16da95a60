import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import type { RedisClient } from './client';
import { guarded } from './errors';
import { investorKey, SESSION_PREFIX, sessionKey, sessionKeys } from './keys';

/** A session to end; its investor, when known, names the index entry to drop with it. */
export interface EndTarget {
  sid: string;
  investorId?: string;
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

/** The session records: read (and extended) on every API call, written by a login, ended in one place. */
export function createSessionStore(redis: RedisClient) {
  return {
    /** The stored record and its idle time left; `extendMs` restarts the idle window in the same command. */
    load: guarded('session_load', async (sid: string, extendMs?: number) => {
      const key = sessionKey(sid);
      if (extendMs !== undefined) {
        const raw = await redis.getex(key, 'PX', extendMs);
        return raw === null ? null : { raw, ttlMs: extendMs };
      }
      const [raw, ttlMs] = await Promise.all([redis.get(key), redis.pttl(key)]);
      return raw === null ? null : { raw, ttlMs };
    }),
    /** Never let the idle extension carry a session past its absolute end (best effort). */
    capLife: (sid: string, ms: number) => void redis.pexpire(sessionKey(sid), ms).catch(() => undefined),
    /**
     * Ends sessions: each session's record and everything in its hash slot (KYC facts, the facts
     * lease, the refresh lease, successor records) in one DEL, and their index entries.
     */
    end: guarded('session_end', async (targets: EndTarget[]) => {
      const byInvestor = new Map<string, string[]>();
      for (const t of targets)
        if (t.investorId !== undefined)
          byInvestor.set(t.investorId, [...(byInvestor.get(t.investorId) ?? []), t.sid]);
      // One DEL per session: on a Cluster the sessions live in different slots.
      await Promise.all([
        ...targets.map((t) => redis.del(...sessionKeys(t.sid))),
        ...[...byInvestor].map(([investorId, sids]) => redis.hdel(investorKey(investorId), ...sids)),
      ]);
    }),
    /** What express-session writes a login's session with (connect-redis over this client). */
    writer: (idleTimeoutSeconds: number) =>
      new RedisStore({
        client: redis,
        prefix: SESSION_PREFIX,
        ttl: idleTimeoutSeconds,
        disableTouch: true,
        serializer,
      }),
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
