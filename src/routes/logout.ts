import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import type { Config } from '../config';
import type { Sessions } from '../session';
import { readQuery } from '../http/query';

/**
 * POST /logout: deletes the session in Redis, clears the cookie, answers 204; `?scope=all` ends
 * every session of the investor. Idempotent. If Redis can't be reached the cookie is still
 * cleared here, and the answer says the logout is incomplete rather than pretending it worked.
 */
export function logoutHandler(
  deps: { config: Config; sessions: Sessions },
  loadSession: RequestHandler,
): RequestHandler {
  const { config, sessions } = deps;
  return async (req, res) => {
    // Validate first: a rejected logout changes nothing (no cookie cleared, nothing sent to clear).
    const q = readQuery(req, ['scope'], ['scope']);
    const scope = q.values.scope;
    if (q.polluted || (scope !== undefined && scope !== 'all'))
      throw new AppError('invalid_request', { detail: { reason: 'bad_scope' } });
    sessions.clearCookie(res);
    if (config.logoutClearSiteData) res.setHeader('Clear-Site-Data', config.logoutClearSiteData);
    try {
      await new Promise<void>((resolve, reject) =>
        Promise.resolve(loadSession(req, res, (err?: unknown) => (err ? reject(err) : resolve()))).catch(
          reject,
        ),
      );
      const s = req.bff;
      const reason = scope === 'all' ? 'logout_all' : 'logout';
      if (s && scope === 'all')
        await sessions.endAll(s.record.investorId, reason, { keep: s.sid, log: sessions.log(req) });
      // The current session by itself, also when the index had lost it.
      if (s) await sessions.end({ sid: s.sid, investorId: s.record.investorId }, reason, sessions.log(req));
    } catch {
      throw new AppError('logout_incomplete', { retryAfterSeconds: 2 });
    }
    res.status(204).end();
  };
}
