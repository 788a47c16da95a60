import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import type { Config } from '../config';
import { sessionKey } from '../session/keys';
import type { InvestorIndex } from '../session/investor-index';
import type { RedisClient } from '../redis';
import type { Metrics } from '../metrics';
import { sessionLog } from '../session/reader';
import { readQuery } from '../http/query';

/**
 * POST /logout: deletes the session in Redis, clears the cookie, answers 204; `?scope=all` ends
 * every session of the investor. Idempotent. If Redis can't be reached the cookie is still
 * cleared here, and the answer says the logout is incomplete rather than pretending it worked.
 */
export function logoutHandler(
  deps: { config: Config; redis: RedisClient; index: InvestorIndex; metrics: Pick<Metrics, 'sessionEnded'> },
  loadSession: RequestHandler,
): RequestHandler {
  const { config, redis, index, metrics } = deps;
  return async (req, res) => {
    // Validate first: a rejected logout changes nothing (no cookie cleared, nothing sent to clear).
    const q = readQuery(req, ['scope'], ['scope']);
    const scope = q.values.scope;
    if (q.polluted || (scope !== undefined && scope !== 'all'))
      throw new AppError('invalid_request', { detail: { reason: 'bad_scope' } });
    res.clearCookie(config.session.cookieName, {
      httpOnly: true,
      secure: config.session.secure,
      sameSite: config.session.sameSite,
      path: '/',
    });
    if (config.logoutClearSiteData) res.setHeader('Clear-Site-Data', config.logoutClearSiteData);
    try {
      await new Promise<void>((resolve, reject) =>
        Promise.resolve(loadSession(req, res, (err?: unknown) => (err ? reject(err) : resolve()))).catch(
          reject,
        ),
      );
    } catch {
      throw new AppError('logout_incomplete', { retryAfterSeconds: 2 });
    }
    const s = req.bff;
    if (s) {
      try {
        if (scope === 'all') {
          const ended = await index.revoke(s.record.investorId);
          sessionLog(req).info(
            { event: 'logout', scope: 'all', sessionsEnded: ended },
            'logged out everywhere',
          );
          metrics.sessionEnded('logout_all', ended);
        }
        await Promise.all([redis.del(sessionKey(s.sid)), index.remove(s.record.investorId, s.sid)]);
        if (scope !== 'all') {
          sessionLog(req).info({ event: 'logout' }, 'logged out');
          metrics.sessionEnded('logout');
        }
      } catch {
        throw new AppError('logout_incomplete', { retryAfterSeconds: 2 });
      }
    }
    res.status(204).end();
  };
}
