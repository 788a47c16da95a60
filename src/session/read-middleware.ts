import type { RequestHandler } from 'express';
import { passingErrors } from '../http';
import type { ActiveSession, LoadSession } from './reader';

declare module 'express-serve-static-core' {
  interface Request {
    /** The logged-in session, or null; set by the session reader's middleware. */
    bff?: ActiveSession | null;
  }
}

/**
 * The session reader as middleware: `req.bff` is the request's session, or null. Hosts use it on
 * their own routes (library mode): a failure goes to `next`.
 */
export const readSessionMiddleware = (load: LoadSession, extend: boolean): RequestHandler =>
  passingErrors(async (req) => {
    req.bff = null;
    req.bff = await load(req.headers.cookie, extend, req.log);
  });
