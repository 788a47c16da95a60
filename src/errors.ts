/**
 * The one error type of the BFF. Handlers throw it; src/http/error-handler.ts is the only place
 * that turns it into an HTTP response. Codes are a closed set so the web app can switch on them.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_state: 400,
  login_cancelled: 400,
  login_failed: 401,
  login_required: 401,
  unauthorized: 401,
  session_expired: 401,
  signature_invalid: 401,
  csrf_required: 403,
  insecure_transport: 403,
  forbidden_origin: 403,
  rate_limited: 429,
  forbidden: 403,
  kyc_required: 403,
  not_eligible: 403,
  no_rule: 403,
  path_rejected: 400,
  not_found: 404,
  conflict: 409,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  securitize_unavailable: 502,
  securitize_rejected: 502,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  session_store_unavailable: 503,
  logout_incomplete: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  invalid_request: 'The request is malformed.',
  invalid_json: 'The request body is not valid JSON.',
  invalid_state: 'The login could not be matched to this browser. Please log in again.',
  login_cancelled: 'The login was cancelled.',
  login_failed: 'Securitize iD did not accept the login. Please log in again.',
  login_required: 'You are not logged in.',
  unauthorized: 'Unauthorized.',
  session_expired: 'Your session has expired. Please log in again.',
  signature_invalid: 'The signature is missing or does not match.',
  csrf_required: 'The X-CSRF: 1 header is required.',
  insecure_transport: 'This endpoint must be reached over HTTPS.',
  forbidden_origin: 'Requests from other sites are not accepted.',
  rate_limited: 'Too many requests.',
  forbidden: 'Securitize iD does not allow this for this investor or application.',
  kyc_required: 'Complete identity verification (KYC) with Securitize iD to continue.',
  not_eligible: 'This investor is not eligible for this.',
  no_rule: 'No rule of the policy file covers this path.',
  path_rejected: 'The request path cannot be read unambiguously.',
  not_found: 'Not found.',
  conflict: 'That already exists.',
  method_not_allowed: 'Method not allowed.',
  payload_too_large: 'The request body is too large.',
  unsupported_media_type: 'The request body must be JSON.',
  securitize_unavailable: 'Securitize iD is unavailable. Please try again shortly.',
  securitize_rejected: 'Securitize iD rejected the request.',
  upstream_unavailable: 'The application service is unavailable. Please try again shortly.',
  upstream_timeout: 'The application service did not answer in time.',
  session_store_unavailable: 'The session store is unavailable. Please try again shortly.',
  logout_incomplete:
    'The session could not be ended on the server; this browser is logged out. Please try again.',
  internal_error: 'Something went wrong.',
};

export interface AppErrorOptions {
  status?: number;
  /** Safe, non-secret facts for the logs (never tokens, codes or secrets). */
  detail?: Record<string, unknown>;
  cause?: unknown;
  /** Upstream HTTP status, when the error came from Securitize. */
  upstreamStatus?: number;
  retryAfterSeconds?: number;
  /** Safe fields added to the JSON answer (a denial's `reason`, `missing`, `action`); never secrets. */
  expose?: Record<string, string>;
  /**
   * `status`: answered with its status and JSON in every writer's mode, also on a browser's own
   * navigation (a limit is for the client to wait, not a page to show).
   */
  answer?: 'status';
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail?: Record<string, unknown>;
  readonly upstreamStatus?: number;
  readonly retryAfterSeconds?: number;
  readonly expose?: Record<string, string>;
  readonly answer?: 'status';

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(ERROR_MESSAGES[code], { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.detail = options.detail;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.expose = options.expose;
    this.answer = options.answer;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
