import { createHash } from 'node:crypto';
import { Request, RequestHandler, Router } from 'express';
import { AppError } from '../errors';
import { sendJson } from '../http/send-json';
import type { InvestorIndex } from '../session/investor-index';
import type { Metrics } from '../metrics';
import { ActiveSession, sessionLog } from '../session/reader';
import { methodNotAllowed, requireInvestor } from '../http/guards';

/** A stable, non-reversible handle for a session: the raw id is a bearer secret and never leaves. */
export const sessionHandle = (sid: string) =>
  createHash('sha256').update(`session:${sid}`).digest('base64url').slice(0, 16);

/**
 * GET /api/me: who is logged in and how long the session has left. It reads without extending
 * the idle window, so a web app can poll it to show "you will be logged out in N seconds". The
 * busiest route, so one handler that does it all (the bff router mounts it before `/api`).
 */
export function meHandler(peek: (req: Request) => Promise<ActiveSession | null>): RequestHandler {
  return async (req, res) => {
    const session = (req.bff = await peek(req));
    if (!session) throw new AppError('login_required');
    const { record, idleLeftMs, absoluteLeftMs } = session;
    sendJson(res, {
      investorId: record.investorId,
      tokenExpiresAt: record.expiration,
      country: record.country ?? null,
      authorized: record.authorized ?? false,
      sessionCreatedAt: new Date(record.createdAt).toISOString(),
      sessionSecondsLeft: Math.max(0, Math.floor(Math.min(idleLeftMs, absoluteLeftMs) / 1000)),
      idleSecondsLeft: Math.max(0, Math.floor(idleLeftMs / 1000)),
      absoluteSecondsLeft: Math.max(0, Math.floor(absoluteLeftMs / 1000)),
    });
  };
}

/** The rest of the session API (mounted after the session reader): the investor's sessions, and logging out the others. */
export function createSessionApiRouter(deps: {
  index: InvestorIndex;
  metrics: Pick<Metrics, 'sessionEnded'>;
  idleTimeoutSeconds: number;
  now: () => number;
}): Router {
  const { index, now } = deps;
  const router = Router();
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
    sendJson(res, { sessions });
  });
  router.post('/sessions/revoke-others', requireInvestor, async (req, res) => {
    const { sid, record } = req.bff!;
    const ended = await index.revoke(record.investorId, sid);
    sessionLog(req).info({ event: 'sessions_revoked', sessionsEnded: ended }, 'other sessions revoked');
    deps.metrics.sessionEnded('revoked', ended);
    sendJson(res, { revoked: ended });
  });
  router.all(['/me', '/sessions'], methodNotAllowed(['GET']));
  router.all('/sessions/revoke-others', methodNotAllowed(['POST']));
  return router;
}
