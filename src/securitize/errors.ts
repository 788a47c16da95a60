/**
 * What went wrong with a call to Securitize, in Securitize's terms. The client knows nothing of
 * the browser: src/http/securitize-errors.ts is the one place that turns these into the BFF's
 * error codes.
 */
export type SecuritizeOutcome =
  /** A token call refused (400, 401, 403): a code or refresh token that is no good (any more). */
  | 'rejected'
  /** An investor call refused the access token (401). */
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** Securitize refused the request body (400 on a write). */
  | 'invalid'
  | 'rate_limited'
  /** A 5xx, a refused connection, a redirect, a body that is not what the endpoint sends. */
  | 'unavailable'
  /** No answer within the deadline. */
  | 'timeout'
  /** A 200 token answer without the tokens: whatever Securitize did with the code or token is done. */
  | 'unusable';

export interface SecuritizeErrorDetail {
  /** Name for logs and metrics; never contains tokens. */
  endpoint: string;
  upstreamStatus?: number;
  reason?: string;
  transport?: string;
  elapsedMs?: number;
}

export class SecuritizeError extends Error {
  constructor(
    readonly outcome: SecuritizeOutcome,
    readonly detail: SecuritizeErrorDetail,
    readonly retryAfterSeconds?: number,
  ) {
    super(`Securitize ${detail.endpoint}: ${outcome}`);
    this.name = 'SecuritizeError';
  }

  get upstreamStatus(): number | undefined {
    return this.detail.upstreamStatus;
  }
}

export const isSecuritizeError = (e: unknown, outcome?: SecuritizeOutcome): e is SecuritizeError =>
  e instanceof SecuritizeError && (outcome === undefined || e.outcome === outcome);
