import type { CookieOptions, Response } from 'express';
import type { Config } from '../config';

/**
 * Every cookie attribute the BFF sets, in one place. HttpOnly always; Secure (and the `__Host-`
 * name prefix, chosen by the config) on https; Path=/ and no Domain, so the cookies are host-only.
 */
export const sessionCookieOptions = (config: Config): CookieOptions => ({
  httpOnly: true,
  secure: config.session.secure,
  sameSite: config.session.sameSite,
  path: '/',
});

/** Lax, unlike the session cookie: it must come back on the cross-site navigation to /callback. */
export const txCookieOptions = (config: Config): CookieOptions => ({
  httpOnly: true,
  secure: config.session.secure,
  sameSite: 'lax',
  path: '/',
});

export const clearSessionCookie = (res: Response, config: Config) =>
  void res.clearCookie(config.session.cookieName, sessionCookieOptions(config));

export function setTxCookie(res: Response, config: Config, value: string, ttlSeconds: number): void {
  res.cookie(config.session.txCookieName, value, { ...txCookieOptions(config), maxAge: ttlSeconds * 1000 });
}
