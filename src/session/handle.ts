import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { createBoundedMap } from '../store';

const digest = (v: string) => createHash('sha256').update(v).digest('base64url').slice(0, 16);

/** A stable, non-reversible handle for a session: the raw id is a bearer secret and never leaves. */
export const sessionHandle = (sid: string) => digest(`session:${sid}`);

/** The investor as logs and traces name them: a hash, never the id Securitize gave. */
export const investorHandle = (investorId: string) => digest(investorId);

/**
 * Investors' handles for every traced request: the hashes of recent investors are kept, so a busy
 * session costs one map lookup, not a SHA-256, per request.
 */
export function createInvestorHandles(max = 10_000): (investorId: string) => string {
  const known = createBoundedMap<string, string>(max);
  return (id) => {
    let handle = known.get(id);
    if (handle === undefined) {
      handle = investorHandle(id);
      known.set(id, handle);
    }
    return handle;
  };
}

/**
 * A logger with the session attached as hashes, never the id or the investor id. Built only where
 * a security event is logged, not on every request.
 */
export const sessionLogger = (log: Logger, s: { sid: string; record: { investorId: string } }): Logger =>
  log.child({ session: sessionHandle(s.sid), investor: investorHandle(s.record.investorId) });
