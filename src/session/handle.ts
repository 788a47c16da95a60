import { createHash } from 'node:crypto';
import '../request';
import type { Request } from 'express';
import type { Logger } from 'pino';

const digest = (v: string) => createHash('sha256').update(v).digest('base64url').slice(0, 16);

/** A stable, non-reversible handle for a session: the raw id is a bearer secret and never leaves. */
export const sessionHandle = (sid: string) => digest(`session:${sid}`);

/**
 * The request's logger with the session attached as hashes, never the id or the investor id.
 * Built only where a security event is logged, not on every request.
 */
export function sessionLog(req: Request): Logger {
  const s = req.bff;
  return s
    ? req.log.child({ session: sessionHandle(s.sid), investor: digest(s.record.investorId) })
    : req.log;
}
