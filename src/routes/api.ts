import { createHash } from 'node:crypto';
import { RequestHandler, Router } from 'express';
import type { InvestorIndex } from '../session/investor-index';
import type { Metrics } from '../metrics';
import { sessionLog } from '../session/reader';
import { methodNotAllowed, requireInvestor } from '../http/guards';

/** A stable, non-reversible handle for a session: the raw id is a bearer secret and never leaves. */
export const sessionHandle = (sid: string) =>
  createHash('sha256').update(`session:${sid}`).digest('base64url').slice(0, 16);

/**
 * The session part of the API. `/api/me` reads without extending the idle window, so a web app
 * can poll it to show "you will be logged out in N seconds".
 */
export function createSessionApiRouter(deps: {
  index: InvestorIndex;
  metrics: Pick<Metrics, 'sessionEnded'>;
  readSession: RequestHandler;
  peekSession: RequestHandler;
  idleTimeoutSeconds: number;
  now: () => number;
}): Router {
  const { index, now } = deps;
  const router = Router();
  router.get('/me', deps.peekSession, requireInvestor, (req, res) => {
    const { record, idleLeftMs, absoluteLeftMs } = req.bff!;
    res.json({
      investorId: record.investorId,
      tokenExpiresAt: record.expiration,
      country: record.country ?? null,
      authorized: record.authorized ?? false,
      sessionCreatedAt: new Date(record.createdAt).toISOString(),
      sessionSecondsLeft: Math.max(0, Math.floor(Math.min(idleLeftMs, absoluteLeftMs) / 1000)),
      idleSecondsLeft: Math.max(0, Math.floor(idleLeftMs / 1000)),
      absoluteSecondsLeft: Math.max(0, Math.floor(absoluteLeftMs / 1000)),
    });
  });

  router.use(deps.readSession);
  router.get('/sessions', requireInvestor, async (req, res) => {
    const { sid, record } = req.bff!;
    const idleMs = deps.idleTimeoutSeconds * 1000;
    const sessions = (await index.list(record.investorId))
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((s) => ({
        id: sessionHandle(s.sid),
        current: s.sid === sid,
        createdAt: new Date(s.createdAt).toISOString(),
        // The idle window restarts at every request, so its remaining TTL dates the last one.
        lastSeenAt: new Date(now() - Math.max(0, idleMs - s.idleLeftMs)).toISOString(),
        userAgent: s.userAgent,
      }));
    res.json({ sessions });
  });
  router.post('/sessions/revoke-others', requireInvestor, async (req, res) => {
    const { sid, record } = req.bff!;
    const ended = await index.revoke(record.investorId, sid);
    sessionLog(req).info({ event: 'sessions_revoked', sessionsEnded: ended }, 'other sessions revoked');
    deps.metrics.sessionEnded('revoked', ended);
    res.json({ revoked: ended });
  });
  router.all(['/me', '/sessions'], methodNotAllowed(['GET']));
  router.all('/sessions/revoke-others', methodNotAllowed(['POST']));
  return router;
}
