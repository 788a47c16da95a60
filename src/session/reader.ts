import type { Logger } from 'pino';
import { parse as parseCookies } from 'cookie';
import { unsign } from 'cookie-signature';
import type { Config } from '../config';
import { bindingOf, createBoundedMap, parseRecord, SessionRecord, SessionStore, TokenCodec } from '../store';
import type { Ender } from './end';

export interface ActiveSession {
  sid: string;
  raw: string;
  record: SessionRecord;
  idleLeftMs: number;
  absoluteLeftMs: number;
}

/** express-session's ids: 24 random bytes, base64url. */
const SID = /^[A-Za-z0-9_-]{32}$/;
/** At most ~1 MB of remembered Cookie headers. */
const SID_CACHE_SIZE = 2000;
const SID_CACHE_MAX_HEADER = 512;

/**
 * Reads a session in one Redis round trip, without express-session's per-request machinery: the
 * store's `load` reads and extends the idle window at once (no separate touch), or peeks (for
 * `/api/me`, which reports the time left without extending it). The idle limit is Redis's TTL; the
 * absolute limit is checked here against the injected clock, and a session past it is ended.
 */
export function createSessionReader(deps: {
  store: SessionStore;
  config: Config;
  now: () => number;
  codec: TokenCodec;
  end: Ender['end'];
}) {
  const { store, config, now, codec } = deps;
  const idleMs = config.session.idleTimeoutSeconds * 1000;
  const absoluteMs = config.session.absoluteTimeoutSeconds * 1000;

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
  // signature already verified, so parsing and the HMAC run once per cookie, not once per request.
  // Only verified ids go in, so nothing forged can be planted.
  const verified = createBoundedMap<string, string>(SID_CACHE_SIZE);
  const sidFromCookie = (header: string | undefined): string | null => {
    if (!header) return null;
    const known = verified.get(header);
    if (known !== undefined) return known;
    const sid = verifySid(header);
    if (sid && header.length <= SID_CACHE_MAX_HEADER) verified.set(header, sid);
    return sid;
  };

  /** The session a Cookie header names, or null; `extend` restarts the idle window. */
  return async function load(
    cookieHeader: string | undefined,
    extend: boolean,
    log?: Logger,
  ): Promise<ActiveSession | null> {
    const sid = sidFromCookie(cookieHeader);
    if (!sid) return null;
    const found = await store.load(sid, extend ? idleMs : undefined);
    const record = found && parseRecord(found.raw);
    if (!found || !record) return null;
    // The investor id and the creation time decide who this is and how long it lives: trust them
    // only if the sealed tokens are bound to them (a record changed in Redis, a session sealed
    // before that binding existed, or with a key no longer configured, ends here).
    if (!codec.verify(record.tok, bindingOf(sid, record))) {
      // Not the index entry: the investor id is exactly what cannot be trusted here.
      await deps.end({ sid }, 'unverifiable', log).catch(() => undefined);
      return null;
    }
    const absoluteLeftMs = record.createdAt + absoluteMs - now();
    if (absoluteLeftMs <= 0) {
      await deps.end({ sid, investorId: record.investorId }, 'absolute_timeout', log).catch(() => undefined);
      return null;
    }
    if (extend && absoluteLeftMs < idleMs) store.capLife(sid, absoluteLeftMs);
    const idleLeftMs = found.ttlMs < 0 ? idleMs : found.ttlMs;
    return { sid, raw: found.raw, record, idleLeftMs, absoluteLeftMs };
  };
}

export type LoadSession = ReturnType<typeof createSessionReader>;
