import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { AdminToken } from '../config';
import type { Refusals } from '../audit';
import { AppError } from '../errors';

declare module 'express-serve-static-core' {
  interface Request {
    /** The admin API's caller: the name of the token presented. */
    adminActor?: string;
  }
}

const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();
/** `Bearer <token>`: the scheme in any letter case (RFC 9110), one token of b64token characters. */
const BEARER = /^bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/**
 * Which operator presented `header`, or undefined. The presented token's SHA-256 is compared with
 * every configured token's, each with timingSafeEqual and none skipped: the time taken says
 * neither how long the right token is, nor which entry (if any) matched, nor how much of it was right.
 */
export function createTokenCheck(tokens: readonly AdminToken[]) {
  const known = tokens.map((t) => ({ name: t.name, digest: digest(t.token) }));
  return (header: string | undefined): string | undefined => {
    const m = BEARER.exec(header ?? '');
    const presented = digest(m?.[1] ?? '');
    let actor: string | undefined;
    for (const k of known) if (timingSafeEqual(k.digest, presented) && actor === undefined) actor = k.name;
    return m ? actor : undefined;
  };
}

/**
 * The admin API's gate: a request without a configured token gets 401 `unauthorized`, the same
 * answer whatever was wrong, and is counted and logged at a bounded rate (never in the audit trail).
 */
export function requireAdmin(
  tokens: readonly AdminToken[],
  refusals: Pick<Refusals, 'refused'>,
): RequestHandler {
  const check = createTokenCheck(tokens);
  return (req: Request, res, next) => {
    const header = req.headers.authorization;
    const actor = check(header);
    if (actor === undefined) {
      refusals.refused('admin_token', { reason: header === undefined ? 'missing' : 'not_accepted' });
      // As HTTP asks of a 401: the scheme it takes (never a hint of what was wrong).
      res.setHeader('WWW-Authenticate', 'Bearer realm="admin"');
      throw new AppError('unauthorized');
    }
    req.adminActor = actor;
    next();
  };
}
