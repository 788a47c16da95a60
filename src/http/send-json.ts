import type { Response } from 'express';

/**
 * A JSON answer without express's `res.json` extras: no ETag (an SHA-1 of every body, useless on
 * `no-store` answers) and no freshness check. Node sets Content-Length and skips the body for HEAD.
 */
export function sendJson(res: Response, body: unknown, status = 200): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(json);
}
