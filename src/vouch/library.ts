import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors';
import { createRuleMatcher, normalizePath, PolicySet, Requirements } from '../policy';
import { checkCsrfHeader, checkSameOrigin, passingErrors } from '../http';
import type { LoadSession } from '../session';
import type { Vouch } from './decide';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requirePolicy / enforceRules: the assertion for this request's investor. */
    investorAssertion?: string;
  }
}

export interface LibraryDeps {
  policy: PolicySet;
  vouch: Vouch;
  /** Reads the session when the host app has not (`req.bff` is then set). */
  load: LoadSession;
  /** PUBLIC_URL's and APP_URL's origins: where the app's own writes come from. */
  ownOrigins: readonly string[];
}

/** What a cross-site link or form may send without proving anything, and changes nothing: never checked. */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Library mode: the same decisions for a host app's own routes, as thin adapters over the
 * decisions' plain functions. The middleware runs in the host's router, whichever Express that is:
 * every failure goes to `next` (passingErrors), for the host's error handler or `bff.errorHandler`.
 */
export function createLibrary(deps: LibraryDeps) {
  const { policy, vouch } = deps;
  const own = new Set(deps.ownOrigins);
  // The session cookie alone proves nothing on a write (a form on another site sends it too): an
  // unsafe method must come from the app's own pages, as on /api, the app-API proxy and forward-auth.
  const fromOwnPages = (req: Request) => {
    if (SAFE.has(req.method)) return;
    checkSameOrigin(req, own);
    checkCsrfHeader(req);
  };
  const session = async (req: Request) => {
    if (req.bff === undefined) req.bff = await deps.load(req.headers.cookie, true, req.log);
    if (!req.bff) throw new AppError('login_required');
    return req.bff;
  };
  const requirementsOf = (p: string | Requirements | null): Requirements | null => {
    if (p === null || typeof p === 'object') return p;
    // A name that is not in POLICY_FILE is a programming error, found at start-up, not per request.
    if (!Object.hasOwn(policy.policies, p))
      throw new Error(`requirePolicy: no policy named "${p}" in POLICY_FILE`);
    return policy.policies[p]!;
  };
  const match = createRuleMatcher(policy.rules, policy.default);

  return {
    /**
     * Middleware: the investor must meet the named policy (or these requirements); sets
     * `req.investorAssertion`. `allowCrossSite`: this route takes writes from other sites too (a
     * payment provider's return, say).
     */
    requirePolicy(
      p: string | Requirements | null,
      o: { audience?: string; allowCrossSite?: boolean } = {},
    ): RequestHandler {
      const requirements = requirementsOf(p);
      return passingErrors(async (req) => {
        if (!o.allowCrossSite) fromOwnPages(req);
        const s = await session(req);
        const rule = typeof p === 'string' ? p : 'requirements';
        req.investorAssertion = (await vouch(s, requirements, o.audience, req.log, rule)).assertion;
      });
    },
    /** Middleware: POLICY_FILE's rules applied to the host app's request path. */
    enforceRules: passingErrors(async (req) => {
      const path = normalizePath(req.originalUrl);
      if (!path.ok) throw new AppError('path_rejected', { detail: { reason: path.reason } });
      // The path decides first, as forward-auth's does: under the default `deny`, a path no rule
      // covers is refused before the session is looked at.
      const m = match(req.method, path.path);
      if (m.kind === 'no_rule') throw new AppError('no_rule');
      if (m.kind === 'method_not_allowed') throw new AppError('method_not_allowed');
      // Before the session, as forward-auth does; the rule may take writes from other sites.
      if (!m.rule.allowCrossSite) fromOwnPages(req);
      const s = await session(req);
      const rule = m.name;
      req.investorAssertion = (await vouch(s, m.rule.requirements, m.rule.audience, req.log, rule)).assertion;
    }),
    /** The assertion for the investor of `req` (logged in, else 401), for calls the host app makes itself. */
    async assertionFor(req: Request, o: { audience?: string } = {}): Promise<string> {
      return (await vouch(await session(req), null, o.audience, req.log)).assertion;
    },
  };
}

export type Library = ReturnType<typeof createLibrary>;
