import type { Config } from '../config';
import { bindingOf, parseRecord, SessionStore, TokenCodec } from '../store';
import type { ActiveSession } from './reader';

/**
 * A session by its id, for work the BFF does for an investor with no request of theirs (a recheck
 * after a webhook): peeked (its idle window is not restarted), and only if its record is bound to
 * its sealed tokens and within its absolute lifetime; otherwise null, and nothing is ended here.
 */
export function createSessionById(deps: {
  store: SessionStore;
  config: Config;
  now: () => number;
  codec: TokenCodec;
}) {
  const absoluteMs = deps.config.session.absoluteTimeoutSeconds * 1000;
  return async function byId(sid: string): Promise<ActiveSession | null> {
    const found = await deps.store.load(sid);
    const record = found && parseRecord(found.raw);
    if (!found || !record || !deps.codec.verify(record.tok, bindingOf(sid, record))) return null;
    const absoluteLeftMs = record.createdAt + absoluteMs - deps.now();
    if (absoluteLeftMs <= 0) return null;
    return { sid, raw: found.raw, record, idleLeftMs: found.ttlMs, absoluteLeftMs };
  };
}
