import { createHash } from 'node:crypto';
import '../request';
import type { Request } from 'express';
import type { Logger } from 'pino';

const digest = (v: string) => createHash('sha256').update(v).digest('base64url').slice(0, 16);

/** A stable, non-reversible handle for a session: the raw id is a bearer secret and never leaves. */
export const sessionHandle = (sid: string) => digest(`session:${sid}`);

/** The investor as logs and traces name them: a hash, never the id Securitize gave. */
export const investorHandle = (investorId: string) => digest(investorId);

/**
 * The investor of a request's session (read by the session reader, or just made by a login),
 * hashed, for every traced request: the hashes of recent investors are kept, so a busy session
 * costs one map lookup, not a SHA-256, per request.
 */
export function createInvestorHandles(max = 10_000): (req: Request) => string | undefined {
  const known = new Map<string, string>();
  return (req) => {
    const id =
      req.bff?.record.investorId ?? (req.session as { investorId?: unknown } | undefined)?.investorId;
    if (typeof id !== 'string') return undefined;
    let handle = known.get(id);
    if (handle === undefined) {
      if (known.size >= max) known.clear();
      handle = investorHandle(id);
      known.set(id, handle);
    }
    return handle;
  };
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
