import { createHash } from 'node:crypto';
import '../request';
import type { Request } from 'express';
import type { Logger } from 'pino';

const digest = (v: string) => createHash('sha256').update(v).digest('base64url').slice(0, 16);

/** A stable, non-reversible handle for a session: the raw id is a bearer secret and never leaves. */
export const sessionHandle = (sid: string) => digest(`session:${sid}`);

/** The investor as logs and traces name them: a hash, never the id Securitize gave. */
export const investorHandle = (investorId: string) => digest(investorId);

/** The investor of this request's session (read by the session reader, or just made by a login), hashed. */
export function investorHandleOf(req: Request): string | undefined {
  const id = req.bff?.record.investorId ?? (req.session as { investorId?: unknown } | undefined)?.investorId;
  return typeof id === 'string' ? investorHandle(id) : undefined;
}

/**
 * The request's logger with the session attached as hashes, never the id or the investor id.
 * Built only where a security event is logged, not on every request.
 */
export function sessionLog(req: Request): Logger {
  const s = req.bff;
  return s
    ? req.log.child({ session: sessionHandle(s.sid), investor: investorHandle(s.record.investorId) })
    : req.log;
}
