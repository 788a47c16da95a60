import type { RedisClient } from './client';
import { guarded } from './errors';
import { investorKey, sessionKey } from './keys';

/** What the index keeps of a session besides its id: when and from where it was made. */
export interface SessionMeta {
  createdAt: number;
  userAgent: string | null;
  /** The client's address at login (as TRUST_PROXY lets the BFF read it), or null. */
  address?: string | null;
  /** The browser family read from the user agent at login (chrome, firefox, safari, edge, other). */
  browser?: string | null;
}

export interface IndexedSession {
  sid: string;
  createdAt: number;
  userAgent: string | null;
  address: string | null;
  browser: string | null;
  /** Milliseconds of idle time left (Redis TTL of the session key). */
  idleLeftMs: number;
}

/** Entries checked at random at each login (see `add`). */
const PRUNE_SAMPLE = 4;

/**
 * Every session of an investor, so "log out everywhere" and "log out other devices" work (C12).
 * A hash `inv:<investorId>` of sid → {createdAt, userAgent}; entries whose session key has expired
 * are dropped whenever the list is read, and a few at random at each login.
 */
export function createIndexStore(redis: RedisClient, maxAgeMs: number) {
  /** The session TTLs of `sids` (one PTTL each: on a Cluster they live in different slots); entries whose session is gone are dropped. */
  async function sweep(key: string, sids: string[]): Promise<number[]> {
    const ttls = await Promise.all(sids.map((sid) => redis.pttl(sessionKey(sid))));
    const dead = sids.filter((_, i) => (ttls[i] ?? -2) === -2);
    if (dead.length > 0) await redis.hdel(key, ...dead);
    return ttls;
  }

  async function list(investorId: string): Promise<IndexedSession[]> {
    const entries = await redis.hgetall(investorKey(investorId));
    const sids = Object.keys(entries);
    const ttls = await sweep(investorKey(investorId), sids);
    return sids.flatMap((sid, i) => {
      const ttl = ttls[i] ?? -2;
      if (ttl === -2) return [];
      const meta = parseMeta(entries[sid]);
      return [{ sid, ...meta, idleLeftMs: ttl }];
    });
  }

  return {
    list: guarded('investor_index', list),
    add: guarded('investor_index', async (investorId: string, sid: string, meta: SessionMeta) => {
      const key = investorKey(investorId);
      // Sent together: auto-pipelining makes the two one round trip.
      const [, , sample] = await Promise.all([
        redis.hset(key, sid, JSON.stringify(meta)),
        redis.pexpire(key, maxAgeMs),
        redis.hrandfield(key, PRUNE_SAMPLE) as Promise<string[]>,
      ]);
      // Sessions that expired on their own leave entries behind. Reading the whole hash at every
      // login would make a login cost O(sessions of the investor); checking a few at random, as
      // Redis samples its own expiring keys, keeps at most about a third of the hash dead and a
      // login O(1). The hash itself expires with the newest session's absolute lifetime.
      await sweep(
        key,
        sample.filter((s) => s !== sid),
      );
    }),
    /** The ids of the investor's sessions in the index (ending them is the session store's). */
    sids: guarded('investor_index', (investorId: string) => redis.hkeys(investorKey(investorId))),
  };
}

export type IndexStore = ReturnType<typeof createIndexStore>;

const text = (v: unknown) => (typeof v === 'string' ? v : null);

function parseMeta(raw: string | undefined): Required<SessionMeta> {
  try {
    const v = JSON.parse(raw ?? '{}') as Record<string, unknown>;
    return {
      createdAt: typeof v.createdAt === 'number' ? v.createdAt : 0,
      userAgent: text(v.userAgent),
      address: text(v.address),
      browser: text(v.browser),
    };
  } catch {
    return { createdAt: 0, userAgent: null, address: null, browser: null };
  }
}
