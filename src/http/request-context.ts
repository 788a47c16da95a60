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
 * and a logger bound to it, and writes one access line when the response finishes. The line has the
 * path only: the query of /callback carries the one-time code.
 *
 * Per-request cost matters here (docs/performance.md): the bound child logger is built only when a
 * route logs something, and the access line, whose fields are fixed and carry no secret, goes
 * through a logger without redaction, which costs about a fifth of a redacting one.
 */
export function requestContext(logger: Logger, now: () => number = Date.now): RequestHandler {
  const access = logger.child({}, { redact: { paths: [] } });
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: true,
      get() {
        const log = logger.child({ reqId: id });
        Object.defineProperty(req, 'log', {
          value: log,
          writable: true,
          configurable: true,
          enumerable: true,
        });
        return log;
      },
      set(value: Logger) {
        Object.defineProperty(req, 'log', { value, writable: true, configurable: true, enumerable: true });
      },
    });
    res.setHeader('X-Request-Id', id);
    const started = now();
    res.on('finish', () => {
      access.info(
        {
          reqId: id,
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
