import type { ErrorRequestHandler } from 'express';
import { errorBody, noteError, WriterDeps } from '../http';

/**
 * Forward-auth's answer to a refusal, shaped for a proxy's auth request: it understands 2xx, 401 and
 * 403 only (nginx turns anything else into a 500) and may drop the body, so the status is one of
 * 401, 403 and 503, and the reason goes in headers as well (`X-Auth-Reason`, `X-Auth-Requirement`,
 * `X-Auth-Action`) as in the JSON body.
 */
export function forwardAuthAnswer(deps: WriterDeps): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = noteError(err, req, res, deps, 'api');
    if (res.headersSent) return;
    const status = e.status === 401 ? 401 : e.status >= 500 ? 503 : 403;
    res.setHeader('X-Auth-Reason', e.code);
    if (e.expose?.reason) res.setHeader('X-Auth-Requirement', e.expose.reason);
    if (e.expose?.action) res.setHeader('X-Auth-Action', e.expose.action);
    res.status(status).json(errorBody(e, req));
  };
}
