import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { loggedPath } from './logged-path';
import './request';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

const ROOT_LOGGER = Symbol('bff.rootLogger');
type WithRoot = { [ROOT_LOGGER]?: Logger; id: string };
const withLogGetter = new WeakSet<object>();

/**
 * `req.log`, built on first use: a getter on the request prototype (express's per-app
 * `app.request`), installed once, which creates the request's child logger and stores it on the
 * request. Per request only the root logger is attached, so a request that logs nothing costs
 * nothing, and request objects keep their fast shape (a per-request accessor would not).
 */
function installLazyLog(req: object): void {
  const proto = Object.getPrototypeOf(req) as object;
  if (withLogGetter.has(proto)) return;
  withLogGetter.add(proto);
  const own = (target: object, value: Logger) =>
    Object.defineProperty(target, 'log', { value, writable: true, configurable: true, enumerable: true });
  Object.defineProperty(proto, 'log', {
    configurable: true,
    get(this: WithRoot) {
      const root = this[ROOT_LOGGER];
      if (!root) return undefined; // a request that did not pass through requestContext
      const log = root.child({ reqId: this.id });
      own(this, log);
      return log;
    },
    set(this: object, value: Logger) {
      own(this, value);
    },
  });
}

/**
 * Gives every request an id (a safe incoming X-Request-Id is kept, so a proxy's id carries through)
 * and a logger bound to it (`req.log`, built when first used), and writes one access line when the
 * response finishes. The line has the path only: the query of /callback carries the one-time code.
 * The access line, whose fields are fixed and carry no secret, goes through a logger without
 * redaction, which costs about a fifth of a redacting one (docs/performance.md).
 */
export function requestContext(
  logger: Logger,
  now: () => number = Date.now,
  /** How a path is written in the logs (the admin API writes its ids as placeholders). */
  pathOf: (path: string) => string = loggedPath,
): RequestHandler {
  const access = logger.child({}, { redact: { paths: [] } });
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    installLazyLog(req);
    (req as unknown as WithRoot)[ROOT_LOGGER] = logger;
    res.setHeader('X-Request-Id', id);
    // Taken now, before any router rewrites req.url for its mount point: a request that succeeds
    // inside a nested router and one whose error leaves it are logged with the same path.
    const path = pathOf(req.path);
    res.locals.logPath = path;
    const started = now();
    res.on('finish', () => {
      access.info(
        {
          reqId: id,
          event: 'http_request',
          method: req.method,
          path,
          status: res.statusCode,
          ms: now() - started,
        },
        'request',
      );
    });
    next();
  };
}
