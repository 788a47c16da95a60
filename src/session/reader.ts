import '../request';
import type { Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { unsign } from 'cookie-signature';
import type { RedisClient } from '../redis';
import type { Config } from '../config';
import { sessionKey } from './keys';
import { bindingOf, parseRecord, SessionRecord } from './record';
import { storeUnavailable } from '../redis-errors';
import { passingErrors } from '../async-middleware';
import type { TokenCodec } from './codec';
import type { EndReason, EndTarget } from './end';

export interface ActiveSession {
  sid: string;
  raw: string;
  record: SessionRecord;
  idleLeftMs: number;
  absoluteLeftMs: number;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The logged-in session, or null; set by the session reader. */
    bff?: ActiveSession | null;
  }
}

/** express-session's ids: 24 random bytes, base64url. */
const SID = /^[A-Za-z0-9_-]{32}$/;
/** At most ~1 MB of remembered Cookie headers. */
const SID_CACHE_SIZE = 2000;
const SID_CACHE_MAX_HEADER = 512;

/**
 * Reads the session for the API in one Redis round trip, without express-session's per-request
 * machinery: `GETEX … PX idle` reads and extends the idle window at once (no separate touch), and
 * the poll-friendly variant (`extend: false`) reads with `PTTL` instead so `/api/me` can report the
 * time left without extending it. The idle limit is Redis's TTL; the absolute limit is checked
 * here against the injected clock, and a session past it is deleted.
 */
export function createSessionReader(deps: {
  redis: RedisClient;
  config: Config;
  now: () => number;
  codec: TokenCodec;
  end: (target: EndTarget, reason: EndReason, log?: Request['log']) => Promise<unknown>;
}) {
  const { redis, config, now, codec } = deps;
  const idleMs = config.session.idleTimeoutSeconds * 1000;
  const absoluteMs = config.session.absoluteTimeoutSeconds * 1000;

  // req.log exists inside the BFF router; a host app reading sessions on its own routes may not have it.
  const end = (req: Request, target: { sid: string; investorId?: string }, reason: EndReason) =>
    deps.end(target, reason, req.log).catch(() => undefined);

  const verifySid = (header: string): string | null => {
    const value = parseCookies(header)[config.session.cookieName];
    if (!value?.startsWith('s:')) return null;
    for (const secret of config.session.secrets) {
      const sid = unsign(value.slice(2), secret);
      if (sid !== false) return SID.test(sid) ? sid : null;
    }
    return null;
  };

  // A browser sends the same Cookie header request after request: remember the headers whose
  // signature already verified (a bounded, oldest-out map), so parsing and the HMAC run once per
  // cookie, not once per request. Only verified ids go in, so nothing forged can be planted.
  const verified = new Map<string, string>();
  const sidFromCookie = (header: string | undefined): string | null => {
    if (!header) return null;
    const known = verified.get(header);
    if (known !== undefined) return known;
    const sid = verifySid(header);
    if (sid && header.length <= SID_CACHE_MAX_HEADER) {
      if (verified.size >= SID_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      verified.set(header, sid);
    }
    return sid;
  };

  /** The session of this request, or null; `extend` restarts the idle window. */
  async function load(req: Request, extend: boolean): Promise<ActiveSession | null> {
    const sid = sidFromCookie(req.headers.cookie);
    if (!sid) return null;
    const key = sessionKey(sid);
    let raw: string | null;
    let ttl: number;
    try {
      if (extend) [raw, ttl] = [await redis.getex(key, 'PX', idleMs), idleMs];
      else [raw, ttl] = await Promise.all([redis.get(key), redis.pttl(key)]);
    } catch (err) {
      throw storeUnavailable(err, 'session_load');
    }
    const record = raw === null ? null : parseRecord(raw);
    if (raw === null || !record) return null;
    // The investor id and the creation time decide who this is and how long it lives: trust them
    // only if the sealed tokens are bound to them (a record changed in Redis, a session sealed
    // before that binding existed, or with a key no longer configured, ends here).
    if (!codec.verify(record.tok, bindingOf(sid, record))) {
      // Not the index entry: the investor id is exactly what cannot be trusted here.
      await end(req, { sid }, 'unverifiable');
      return null;
    }
    const absoluteLeftMs = record.createdAt + absoluteMs - now();
    if (absoluteLeftMs <= 0) {
      await end(req, { sid, investorId: record.investorId }, 'absolute_timeout');
      return null;
    }
    // Never let the idle extension carry a session past its absolute end.
    if (extend && absoluteLeftMs < idleMs) void redis.pexpire(key, absoluteLeftMs).catch(() => undefined);
    return { sid, raw, record, idleLeftMs: ttl < 0 ? idleMs : ttl, absoluteLeftMs };
  }

  // Hosts use it on their own routes (library mode): a failure goes to next, see passingErrors.
  const middleware = ({ extend }: { extend: boolean }): RequestHandler =>
    passingErrors(async (req) => {
      req.bff = null;
      req.bff = await load(req, extend);
    });
  return Object.assign(middleware, { load });
}
