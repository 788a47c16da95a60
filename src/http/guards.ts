import type { RequestHandler } from 'express';
import { AppError } from '../errors';

/**
 * The web app proves a request is its own with a static custom header: a cross-site form or
 * link cannot set one, and a cross-origin fetch that does needs a CORS preflight we never grant.
 */
export const requireCsrfHeader: RequestHandler = (req, _res, next) => {
  if (req.get('x-csrf') !== '1') throw new AppError('csrf_required');
  next();
};

export const requireInvestor: RequestHandler = (req, _res, next) => {
  if (!req.bff) throw new AppError('login_required');
  next();
};

export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
};

/** Marks a route whose errors become a 303 to the web app (`?error=code`) instead of JSON. */
export const browserRoute: RequestHandler = (_req, res, next) => {
  res.locals.browserRoute = true;
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
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  next();
};

/** Writes take JSON only: a form post or a text/plain "simple request" gets 415 (D4). */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) throw new AppError('unsupported_media_type');
  next();
};

/**
 * Fetch metadata and Origin (D3): a browser marks cross-site requests, so one that says
 * `Sec-Fetch-Site: cross-site`, or carries an Origin other than ours, is refused.
 */
export function requireSameOrigin(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, _res, next) => {
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    if (site === 'cross-site' || (origin !== undefined && !allowed.has(origin)))
      throw new AppError('forbidden_origin');
    next();
  };
}
