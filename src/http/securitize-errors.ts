import { AppError } from '../errors';
import type { SecuritizeError } from '../securitize';

/**
 * The one mapping from Securitize's outcomes to the BFF's error codes. At the login (the code
 * exchange) a refusal means the login failed; on the API, an unauthorized access token (once the
 * token handling has refreshed and retried) means the session has expired.
 */
const LOGIN_REJECTED_HINT =
  'Securitize refused the code: a used or expired code, or SECURITIZE_CLIENT_ID / SECURITIZE_SECRET not those of the application';

export function fromSecuritize(err: SecuritizeError, context: 'login' | 'api'): AppError {
  const opts = {
    detail: { ...err.detail, outcome: err.outcome },
    upstreamStatus: err.upstreamStatus,
    cause: err,
  };
  if (context === 'login')
    return err.outcome === 'rejected'
      ? // Securitize answers a wrong secret exactly like a used code: the log line names both.
        new AppError('login_failed', { ...opts, detail: { ...opts.detail, hint: LOGIN_REJECTED_HINT } })
      : new AppError('securitize_unavailable', opts);
  switch (err.outcome) {
    case 'unauthorized':
      return new AppError('session_expired', opts);
    case 'forbidden':
      return new AppError('forbidden', opts);
    case 'not_found':
      return new AppError('not_found', opts);
    case 'conflict':
      return new AppError('conflict', opts);
    case 'invalid':
      return new AppError('invalid_request', opts);
    case 'rate_limited':
      return new AppError('securitize_unavailable', {
        ...opts,
        status: 503,
        retryAfterSeconds: err.retryAfterSeconds ?? 5,
      });
    case 'timeout':
      return new AppError('securitize_unavailable', { ...opts, status: 504 });
    default:
      return new AppError('securitize_unavailable', { ...opts, status: 502 });
  }
}
