import { AppError } from '../errors';

/** A Redis failure, as the 503 the browser sees: it keeps its cookie and is never "logged out". */
export function storeUnavailable(err: unknown, op: string): AppError {
  if (err instanceof AppError) return err;
  const e = err as { name?: string; message?: string };
  return new AppError('session_store_unavailable', {
    retryAfterSeconds: 2,
    detail: { op, storeError: e?.name ?? 'unknown', storeMessage: e?.message?.slice(0, 200) },
  });
}
