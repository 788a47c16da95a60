import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import type { Config } from '../config';
import type { Sessions } from '../session';
import { readQuery } from '../http';
import type { AuditRecorder } from '../audit';

/**
 * POST /logout: deletes the session in Redis, clears the cookie, answers 204; `?scope=all` ends
 * every session of the investor. Idempotent. If Redis can't be reached the cookie is still
 * cleared here, and the answer says the logout is incomplete rather than pretending it worked.
 */
export function logoutHandler(deps: {
  config: Config;
  sessions: Sessions;
  audit: AuditRecorder;
}): RequestHandler {
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
      const s = await sessions.load(req.headers.cookie, true, req.log);
      if (s) {
        const log = sessions.logger(req.log, s);
        const reason = scope === 'all' ? 'logout_all' : 'logout';
        if (scope === 'all') await sessions.endAll(s.record.investorId, reason, { keep: s.sid, log });
        // The current session by itself, also when the index had lost it.
        await sessions.end({ sid: s.sid, investorId: s.record.investorId }, reason, log);
        const investorId = s.record.investorId;
        deps.audit.record({
          type: 'logout',
          scope: scope ?? 'this',
          investorId,
          session: sessions.handle(s.sid),
        });
      }
    } catch {
      throw new AppError('logout_incomplete', { retryAfterSeconds: 2 });
    }
    res.status(204).end();
  };
}
