import type { Request, RequestHandler, Router } from 'express';
import { AppError } from '../errors';
import { sendJson } from '../http/send-json';
import { newRouter } from '../http/router';
import type { ActiveSession, Sessions } from '../session';
import { methodNotAllowed, requireInvestor } from '../http/guards';

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
  sessions: Sessions;
  idleTimeoutSeconds: number;
  now: () => number;
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
    const ended = await sessions.endAll(record.investorId, 'revoked', { keep: sid, log: sessions.log(req) });
    sendJson(res, { revoked: ended });
  });
  router.all(['/me', '/sessions'], methodNotAllowed(['GET']));
  router.all('/sessions/revoke-others', methodNotAllowed(['POST']));
  return router;
}
