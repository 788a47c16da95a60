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
