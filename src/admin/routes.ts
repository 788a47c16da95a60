import type { Request, Response, Router } from 'express';
import type { AdminOutcome, Audit, AuditRecorder } from '../audit';
import { AppError } from '../errors';
import { newRouter, sendJson } from '../http';
import type { Sessions } from '../session';
import { auditQuery, endQuery, handleParam, investorParam, parse } from './params';

export interface AdminRoutesDeps {
  sessions: Pick<Sessions, 'list' | 'handle' | 'end' | 'endAll'>;
  audit: AuditRecorder & Pick<Audit, 'query'>;
  /** Drops the investor's cached facts and assertions (on every instance, when wired so). */
  refreshFacts: (investorId: string) => Promise<void>;
  idleTimeoutSeconds: number;
  absoluteTimeoutSeconds: number;
  now: () => number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The admin API's routes (behind requireAdmin): an investor's sessions, their facts, the audit trail. */
export function adminRoutes(deps: AdminRoutesDeps): Router {
  const { sessions, audit, now } = deps;
  const r = newRouter();

  /** Every admin action is an `admin_action` event naming the operator. */
  const act = (
    req: Request,
    action: string,
    outcome: AdminOutcome,
    o: { investorId?: string; session?: string; reason?: string; count?: number } = {},
  ) => audit.record({ type: 'admin_action', actor: req.adminActor!, action, outcome, ...o });

  const investorOf = (req: Request) => parse(investorParam, req.params.investorId, 'investorId');

  r.get('/admin/investors/:investorId/sessions', async (req: Request, res: Response) => {
    const investorId = investorOf(req);
    parse(endQuery.pick({}), req.query, 'query');
    const t = now();
    const list = (await sessions.list(investorId))
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((s) => ({
        handle: sessions.handle(s.sid),
        createdAt: iso(s.createdAt),
        // The idle window restarts at every request, so its remaining TTL dates the last one.
        lastSeenAt: iso(t - Math.max(0, deps.idleTimeoutSeconds * 1000 - s.idleLeftMs)),
        expiresAt: iso(Math.min(t + s.idleLeftMs, s.createdAt + deps.absoluteTimeoutSeconds * 1000)),
        address: s.address,
        browser: s.browser ?? 'other',
      }));
    act(req, 'list_sessions', 'done', { investorId, count: list.length });
    sendJson(res, { sessions: list });
  });

  r.delete('/admin/investors/:investorId/sessions', async (req: Request, res: Response) => {
    const investorId = investorOf(req);
    const { reason } = parse(endQuery, req.query, 'query');
    const ended = await sessions.endAll(investorId, 'operator', { actor: req.adminActor, log: req.log });
    act(req, 'end_sessions', 'done', { investorId, reason, count: ended });
    sendJson(res, { ended });
  });

  r.delete('/admin/investors/:investorId/sessions/:handle', async (req: Request, res: Response) => {
    const investorId = investorOf(req);
    const handle = parse(handleParam, req.params.handle, 'handle');
    const { reason } = parse(endQuery, req.query, 'query');
    const found = (await sessions.list(investorId)).find((s) => sessions.handle(s.sid) === handle);
    if (!found) {
      act(req, 'end_session', 'not_found', { investorId, session: handle, reason });
      throw new AppError('not_found', { detail: { reason: 'no_such_session' } });
    }
    const target = { sid: found.sid, investorId };
    const ended = await sessions.end(target, 'operator', { actor: req.adminActor, log: req.log });
    act(req, 'end_session', 'done', { investorId, session: handle, reason, count: ended });
    sendJson(res, { ended });
  });

  r.post('/admin/investors/:investorId/facts/refresh', async (req: Request, res: Response) => {
    const investorId = investorOf(req);
    const { reason } = parse(endQuery, req.query, 'query');
    await deps.refreshFacts(investorId);
    act(req, 'refresh_facts', 'done', { investorId, reason });
    sendJson(res, { refreshed: true });
  });

  r.get('/admin/audit', async (req: Request, res: Response) => {
    const q = parse(auditQuery, req.query, 'query');
    const sinceMs = q.since === undefined ? undefined : Date.parse(q.since);
    const limit = q.limit ?? 100;
    const page = await audit.query({
      investorId: q.investorId,
      type: q.type,
      sinceMs,
      before: q.before,
      limit,
    });
    act(req, 'read_audit', 'done', { investorId: q.investorId, count: page.events.length });
    sendJson(res, { events: page.events, ...(page.next && { next: page.next }) });
  });

  return r;
}
