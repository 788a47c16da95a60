import type { Request, RequestHandler, Router } from 'express';
import { AppError } from '../errors';
import { createRuleMatcher, normalizePath, PolicyDefault, PolicyRule } from '../policy';
import { loggedPath } from '../http/logged-path';
import { checkCsrfHeader, checkSameOrigin } from '../http/guards';
import { newRouter } from '../http/router';
import type { Vouch } from './decide';
import type { Metrics } from '../metrics';

export interface ForwardAuthDeps {
  rules: readonly PolicyRule[];
  /** What a path no rule covers gets. */
  fallback: PolicyDefault;
  /** Which one header pair carries the original request: nginx's or Traefik's. */
  headers: 'nginx' | 'traefik';
  ownOrigins: readonly string[];
  /** Sets `req.bff` and extends the session (the investor is active). */
  readSession: RequestHandler;
  vouch: Vouch;
  metrics?: Pick<Metrics, 'decision'>;
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
 * Redis or a needed Securitize call is unavailable.
 */
export function forwardAuthRoute(deps: ForwardAuthDeps): Router {
  const pair = PAIRS[deps.headers];
  const match = createRuleMatcher(deps.rules, deps.fallback);
  const own = new Set(deps.ownOrigins);
  const r = newRouter();
  r.use((_req, res, next) => {
    res.locals.forwardAuth = true;
    res.locals.vouchVia = 'forward_auth';
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  r.get(
    '/auth',
    (req, res, next) => {
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
      res.locals.vouchRule = m.rule.path;
      if (m.kind === 'method_not_allowed')
        throw new AppError('method_not_allowed', { detail: { rule: m.rule.path } });
      if (m.kind === 'rule') res.locals.vouchRule = m.name;
      // An unsafe original request proves it is the app's own, as /api requests do (unless its
      // rule takes posts from other sites).
      if (UNSAFE.has(method) && !m.rule.allowCrossSite) {
        checkSameOrigin(req, own);
        checkCsrfHeader(req);
      }
      res.locals.rule = m.rule;
      next();
    },
    deps.readSession,
    async (req, res) => {
      if (!req.bff) throw new AppError('login_required');
      const rule = res.locals.rule as PolicyRule;
      const { investorId, assertion } = await deps.vouch(req, rule.requirements, rule.audience);
      res.setHeader('X-Investor-Id', investorId);
      res.setHeader('X-Investor-Assertion', assertion);
      deps.metrics?.decision('forward_auth', res.locals.vouchRule as string, 'allowed');
      res.status(200).end();
    },
  );
  return r;
}
