import type { Request, Router } from 'express';
import { AppError } from '../errors';
import { createRuleMatcher, normalizePath, PolicyDefault, PolicyRule } from '../policy';
import {
  checkCsrfHeader,
  checkSameOrigin,
  loggedPath,
  newRouter,
  notFound,
  toAppError,
  WriterDeps,
} from '../http';
import type { LoadSession } from '../session';
import type { Vouch } from './decide';
import type { Metrics } from '../metrics';
import { forwardAuthAnswer } from './forward-auth-answer';

export interface ForwardAuthDeps {
  rules: readonly PolicyRule[];
  /** What a path no rule covers gets. */
  fallback: PolicyDefault;
  /** Which one header pair carries the original request: nginx's or Traefik's. */
  headers: 'nginx' | 'traefik';
  ownOrigins: readonly string[];
  load: LoadSession;
  vouch: Vouch;
  metrics: Pick<Metrics, 'decision' | 'redisError'>;
  writer: WriterDeps;
}

const PAIRS = {
  nginx: { method: 'x-original-method', uri: 'x-original-uri' },
  traefik: { method: 'x-forwarded-method', uri: 'x-forwarded-uri' },
} as const;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Exactly one value of a header, or nothing: a repeated header is a smuggling attempt, not a choice. */
function single(req: Request, name: string): string | undefined {
  const values = req.headersDistinct[name];
  return values?.length === 1 ? values[0] : undefined;
}

/**
 * `GET /auth`, for a reverse proxy's auth request: the original request's method and URI come from
 * the configured header pair only; its cookie names the session. 200 with `X-Investor-Id` and
 * `X-Investor-Assertion`, 401 without a live session, 403 when refused (`X-Auth-Reason`), 503 when
 * Redis or a needed Securitize call is unavailable. Every decision is counted by rule and outcome.
 */
export function forwardAuthRouter(deps: ForwardAuthDeps): Router {
  const pair = PAIRS[deps.headers];
  const match = createRuleMatcher(deps.rules, deps.fallback);
  const own = new Set(deps.ownOrigins);

  /** The original request's method, and the rule its path matches (a path no rule covers is refused). */
  function matchOf(req: Request) {
    const method = single(req, pair.method)?.toUpperCase();
    const uri = single(req, pair.uri);
    if (!method || !METHODS.has(method) || uri === undefined)
      throw new AppError('invalid_request', { detail: { reason: 'original_request_headers' } });
    const path = normalizePath(uri);
    if (!path.ok) throw new AppError('path_rejected', { detail: { reason: path.reason } });
    // Decided on the path alone, before the session is looked at: a path no rule covers is
    // refused alike for everyone (under the default `deny`), logged in or not.
    const m = match(method, path.path);
    if (m.kind === 'no_rule') throw new AppError('no_rule', { detail: { path: loggedPath(path.path) } });
    return { method, m };
  }

  const r = newRouter();
  r.get('/auth', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    let rule = 'none';
    try {
      const { method, m } = matchOf(req);
      rule = m.kind === 'rule' ? m.name : m.rule.path;
      if (m.kind === 'method_not_allowed') throw new AppError('method_not_allowed', { detail: { rule } });
      // An unsafe original request proves it is the app's own, as /api requests do (unless its rule
      // takes posts from other sites).
      if (UNSAFE.has(method) && !m.rule.allowCrossSite) {
        checkSameOrigin(req, own);
        checkCsrfHeader(req);
      }
      const session = await deps.load(req.headers.cookie, true, req.log);
      const { investorId, assertion } = await deps.vouch(
        session,
        m.rule.requirements,
        m.rule.audience,
        req.log,
        rule,
      );
      res.setHeader('X-Investor-Id', investorId);
      res.setHeader('X-Investor-Assertion', assertion);
      deps.metrics.decision('forward_auth', rule, 'allowed');
      res.status(200).end();
    } catch (err) {
      const e = toAppError(err);
      deps.metrics.decision('forward_auth', rule, e.code);
      throw e;
    }
  });
  r.use(notFound);
  r.use(forwardAuthAnswer(deps.writer));
  return r;
}
