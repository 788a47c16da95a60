import { createHash, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { RequestHandler, Response } from 'express';

/** NestJS's exception body, which the Domain API answers with (its OpenAPI is NestJS's). */
export function sendNest(res: Response, statusCode: number, message: string | string[]): void {
  res.status(statusCode).json({ statusCode, message, error: STATUS_CODES[statusCode] ?? 'Error' });
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: apiKey <key>`, the key compared in constant time. The scheme's case is not checked strictly
 * (unknown). What a refused call gets is assumed: the sandbox answers an anonymous call with a plain-text 401
 * `Unauthorized` (Passport's own answer), and the simulator answers a wrong or malformed key the same way, so nothing
 * tells which part was wrong.
 */
export function requireApiKey(apiKey: () => string): RequestHandler {
  return (req, res, next) => {
    const match = /^apikey +(\S+)$/i.exec(req.headers.authorization ?? '');
    if (match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(apiKey()))) return next();
    res.status(401).type('text/plain').send('Unauthorized');
  };
}
