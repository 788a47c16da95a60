import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import { sendJson } from '../http';
import type { LoadSession } from '../session';

/**
 * GET /api/me: who is logged in and how long the session has left. It reads without extending
 * the idle window, so a web app can poll it to show "you will be logged out in N seconds". The
 * busiest route, so one handler that does it all (the bff router mounts it before `/api`).
 */
export function meHandler(load: LoadSession): RequestHandler {
  return async (req, res) => {
    const session = (req.bff = await load(req.headers.cookie, false, req.log));
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
