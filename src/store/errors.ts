/**
 * What a Redis error means, decided in one place: an outage (503, the browser keeps its cookie)
 * or a bug (500, logged).
 */
import { AppError } from '../errors';

/**
 * Redis error replies that mean "can't serve now" (full, loading, busy, read-only replica, cluster
 * settling, refused credentials), as opposed to replies that mean a bug (WRONGTYPE, CROSSSLOT, a
 * syntax or script error), which must not be hidden behind a 503. MOVED and ASK are in the first
 * group: ioredis follows them, but right after a Cluster failover an auto-pipelined batch whose
 * commands were redirected to different nodes hands the redirection back (seen in the failover test).
 */
const TRANSIENT_REPLY =
  /^(OOM|LOADING|BUSY|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|MOVED|ASK|NOREPLICAS|MISCONF|NOAUTH|WRONGPASS|NOPERM)\b|^ERR max number of clients/;

function isBugReply(err: unknown): boolean {
  const e = err as { name?: string; message?: string };
  return e?.name === 'ReplyError' && !TRANSIENT_REPLY.test(e.message ?? '');
}

/** A Redis failure, as the 503 the browser sees: it keeps its cookie and is never "logged out". */
export function storeUnavailable(err: unknown, op: string): AppError {
  if (err instanceof AppError) return err;
  if (isBugReply(err)) return new AppError('internal_error', { cause: err, detail: { op } });
  const e = err as { name?: string; message?: string };
  return new AppError('session_store_unavailable', {
    retryAfterSeconds: 2,
    detail: { op, storeError: e?.name ?? 'unknown', storeMessage: e?.message?.slice(0, 200) },
  });
}

/**
 * ioredis' own failures (timeouts, refused or closed connections, error replies), also
 * those of its Sentinel and Cluster modes (no reachable sentinel or node, a cluster still settling).
 */
export function isRedisFailure(err: unknown): boolean {
  const e = err as { name?: string; message?: string };
  // Every error reply goes to storeUnavailable, which tells an outage (503) from a bug (500).
  if (['MaxRetriesPerRequestError', 'ReplyError', 'ClusterAllFailedError'].includes(e?.name ?? ''))
    return true;
  return REDIS_FAILURE.test(e?.message ?? '');
}

const REDIS_FAILURE = new RegExp(
  [
    'Command timed out',
    'Connection is closed',
    "Stream isn't writeable",
    'enableOfflineQueue',
    'None of startup nodes is available',
    'Failed to refresh slots cache',
    "Cluster isn't ready",
    'Too many Cluster redirections',
    'All sentinels are unreachable',
  ].join('|'),
);

/**
 * A store operation whose failure reaches its caller already classified (503 for an outage, 500 for
 * a bug), so no caller wraps Redis errors by hand.
 */
export function guarded<A extends unknown[], R>(op: string, fn: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (err) {
      throw storeUnavailable(err, op);
    }
  };
}
