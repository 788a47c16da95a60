import type { CookieOptions, Response } from 'express';
import type { Config } from '../config';

/**
 * The session cookie's attributes, in one place: HttpOnly always; Secure (and the `__Host-` name
 * prefix, chosen by the config) on https; Path=/ and no Domain, so the cookie is host-only;
 * SameSite as configured (Strict by default). The login's transaction cookie has its own file
 * (src/login/transaction-cookie.ts).
 */
export const sessionCookieOptions = (config: Config): CookieOptions => ({
  httpOnly: true,
  secure: config.session.secure,
  sameSite: config.session.sameSite,
  path: '/',
});

export const clearSessionCookie = (res: Response, config: Config) =>
  void res.clearCookie(config.session.cookieName, sessionCookieOptions(config));
