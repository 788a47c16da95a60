import type { CookieOptions, Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Config } from '../config';

/** 144 bits from the CSPRNG: the transaction cookie's value, one per browser. */
export const BROWSER_ID_PATTERN = /^[A-Za-z0-9_-]{24}$/;

/**
 * The login's transaction cookie, set, read and (never) cleared in this one file. It names the
 * browser's logins in flight (one cookie for all of them, so a second tab adds to it). HttpOnly,
 * Secure and `__Host-` on https, and SameSite=Lax unlike the session cookie: it must come back on
 * the cross-site navigation from Securitize iD to /callback.
 *
 * It is not cleared when a login completes: another tab may have started one meanwhile. Its
 * Max-Age (LOGIN_TRANSACTION_TTL, restarted by each /login) and the Redis TTL of what it names
 * bound it.
 */
export function createTransactionCookie(config: Config) {
  const options: CookieOptions = {
    httpOnly: true,
    secure: config.session.secure,
    sameSite: 'lax',
    path: '/',
  };
  const name = config.session.txCookieName;
  return {
    /** The browser's transaction cookie value, when it brought a well-formed one. */
    read(req: Request): string | undefined {
      const id = parseCookies(req.headers.cookie ?? '')[name];
      return id && BROWSER_ID_PATTERN.test(id) ? id : undefined;
    },
    set(res: Response, browserId: string, ttlSeconds: number): void {
      res.cookie(name, browserId, { ...options, maxAge: ttlSeconds * 1000 });
    },
  };
}

export type TransactionCookie = ReturnType<typeof createTransactionCookie>;
