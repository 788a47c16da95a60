import type { Router } from 'express';
import { methodNotAllowed, newRouter, requireInvestor, sendJson } from '../http';
import type { Sessions } from '../session';
import type { AuditRecorder } from '../audit';

/** The rest of the session API (mounted after the session reader): the investor's sessions, and logging out the others. */
export function createSessionApiRouter(deps: {
  sessions: Sessions;
  idleTimeoutSeconds: number;
  now: () => number;
  audit: AuditRecorder;
}): Router {
  const { sessions, now } = deps;
  const router = newRouter();
  router.get('/sessions', requireInvestor, async (req, res) => {
    const { sid, record } = req.bff!;
    const idleMs = deps.idleTimeoutSeconds * 1000;
    const list = (await sessions.list(record.investorId))
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((s) => ({
        id: sessions.handle(s.sid),
        current: s.sid === sid,
        createdAt: new Date(s.createdAt).toISOString(),
        // The idle window restarts at every request, so its remaining TTL dates the last one.
        lastSeenAt: new Date(now() - Math.max(0, idleMs - s.idleLeftMs)).toISOString(),
        userAgent: s.userAgent,
      }));
    sendJson(res, { sessions: list });
  });
  router.post('/sessions/revoke-others', requireInvestor, async (req, res) => {
    const { sid, record } = req.bff!;
    const log = sessions.logger(req.log, req.bff!);
    const ended = await sessions.endAll(record.investorId, 'revoked', { keep: sid, log });
    const { investorId } = record;
    deps.audit.record({ type: 'logout', scope: 'others', investorId, session: sessions.handle(sid) });
    sendJson(res, { revoked: ended });
  });
  router.all(['/me', '/sessions'], methodNotAllowed(['GET']));
  router.all('/sessions/revoke-others', methodNotAllowed(['POST']));
  return router;
}
