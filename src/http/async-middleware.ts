import type { Request, RequestHandler, Response } from 'express';

/**
 * Middleware from an async step whose failure goes to `next`, never out as a rejected promise:
 * the library-mode middleware runs in the host app's router, and Express 4 does not catch a
 * rejection there (Node ends the process); Express 5 and the `router` package do.
 */
export function passingErrors(step: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    void step(req, res).then(
      () => next(),
      // A rejection without a reason must not read as success (`next()`), as the router package does it.
      (err: unknown) => next(err || new Error('rejected without a reason')),
    );
  };
}
