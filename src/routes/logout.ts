import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import type { Config } from '../config';
import { destroySession } from '../session/ops';

/**
 * POST /logout: deletes the session in the store, clears the cookie, answers 204. Idempotent.
 * If the store can't be reached the cookie is still cleared here, and the answer says the logout
 * is incomplete rather than pretending it worked.
 */
export function logoutHandler(config: Config, loadSession: RequestHandler): RequestHandler {
  return async (req, res) => {
    res.clearCookie(config.session.cookieName, {
      httpOnly: true,
      secure: config.session.secure,
      sameSite: config.session.sameSite,
      path: '/',
    });
    res.setHeader('Clear-Site-Data', '"cookies", "storage"');
    try {
      await new Promise<void>((resolve, reject) =>
        loadSession(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
      );
      if (req.session?.investorId) {
        await destroySession(req);
        req.log.info({ event: 'logout' }, 'logged out');
      }
    } catch (err) {
      const detail = err instanceof AppError ? err.detail : undefined;
      throw new AppError('logout_incomplete', { detail, retryAfterSeconds: 2 });
    }
    res.status(204).end();
  };
}
