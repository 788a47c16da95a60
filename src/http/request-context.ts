import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (a safe incoming X-Request-Id is kept, so a proxy's id carries through)
 * and a child logger, and writes one access line when the response finishes. The line has the
 * path only: the query of /callback carries the one-time code.
 */
export function requestContext(logger: Logger, now: () => number = Date.now): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ reqId: req.id });
    res.setHeader('X-Request-Id', req.id);
    const started = now();
    res.on('finish', () => {
      req.log.info(
        {
          event: 'http_request',
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: now() - started,
        },
        'request',
      );
    });
    next();
  };
}
