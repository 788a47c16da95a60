import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors';

const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The web app proves a request is its own with a static custom header: a cross-site form or
 * link cannot set one, and a cross-origin fetch that does needs a CORS preflight we never grant.
 */
export function checkCsrfHeader(req: Request): void {
  if (req.headers['x-csrf'] !== '1') throw new AppError('csrf_required');
}

/** Writes take JSON only: a form post or a text/plain "simple request" gets 415 (D4). */
function checkJsonBody(req: Request): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) throw new AppError('unsupported_media_type');
}

/**
 * Fetch metadata and Origin (D3): a browser marks cross-site requests, so one that says
 * `Sec-Fetch-Site: cross-site`, or carries an Origin other than ours, is refused.
 */
export function checkSameOrigin(req: Request, allowed: Set<string>): void {
  const origin = req.headers.origin;
  if (req.headers['sec-fetch-site'] === 'cross-site' || (origin !== undefined && !allowed.has(origin)))
    throw new AppError('forbidden_origin');
}

function setNoStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

// Exported for host apps: refusals go to next rather than being thrown, like every middleware a
// host mounts (src/async-middleware.ts says why).
export const requireCsrfHeader: RequestHandler = (req, _res, next) =>
  next(req.headers['x-csrf'] === '1' ? undefined : new AppError('csrf_required'));

export const requireInvestor: RequestHandler = (req, _res, next) =>
  next(req.bff ? undefined : new AppError('login_required'));

export const noStore: RequestHandler = (_req, res, next) => {
  setNoStore(res);
  next();
};

export const methodNotAllowed =
  (allowed: string[]): RequestHandler =>
  (_req, res) => {
    res.setHeader('Allow', allowed.join(', '));
    throw new AppError('method_not_allowed');
  };

/** For everything that is not the HTML demo page: nothing may load, nothing may frame it (E3). */
export const strictCsp: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', STRICT_CSP);
  next();
};

/**
 * Everything the API and logout run before the session is read, as one middleware: one router
 * layer per request instead of five (each layer shows in the profile, docs/performance.md).
 * Headers first, so the refusals carry no-store and the strict CSP too.
 */
export function apiGuards(
  allowedOrigins: readonly string[],
  o: { jsonBody: boolean } = { jsonBody: true },
): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    setNoStore(res);
    res.setHeader('Content-Security-Policy', STRICT_CSP);
    checkSameOrigin(req, allowed);
    checkCsrfHeader(req);
    // The app-API gateway forwards whatever body the app's backend takes (uploads too).
    if (o.jsonBody) checkJsonBody(req);
    next();
  };
}
