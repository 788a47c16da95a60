// Plain-language text for the BFF's error codes (docs/api.md, "Error codes"). Codes are a closed, stable
// set, so the app switches on them and never shows the server's own message or anything echoed.

// A Map, not an object lookup: a code such as "constructor" must not find Object.prototype's members.
const messages = (table: Record<string, string>) => new Map(Object.entries(table));

/** Codes the BFF sends back as `/?error=<code>` when /login or /callback fails. */
const LOGIN_ERRORS = messages({
  invalid_request: 'Securitize iD sent back an incomplete or malformed login response. Please log in again.',
  invalid_state:
    'This login could not be matched to this browser: it may have taken too long, or already been ' +
    'completed. Please log in again.',
  login_cancelled: 'You cancelled the login at Securitize iD. You can log in again whenever you are ready.',
  login_failed:
    'Securitize iD did not accept this login (the one-time code had expired or was already used). ' +
    'Please log in again.',
  securitize_unavailable: 'Securitize iD is not responding right now. Please try again in a few minutes.',
  session_store_unavailable:
    'We could not start your session because our session service is not available right now. ' +
    'Please try again in a few minutes.',
  insecure_transport:
    'Logging in needs a secure (HTTPS) connection. Open the site with https:// and try again.',
  rate_limited:
    'There have been too many login attempts from your network. Please wait a minute and try again.',
  internal_error: 'Something went wrong on our side while logging you in. Please try again.',
});

/** Codes of JSON answers from /api/* and /logout. */
const API_ERRORS = messages({
  login_required: 'You have been logged out: your session ended or was closed from another device.',
  session_expired: 'Your session has expired. Please log in again.',
  forbidden: 'Securitize iD does not allow this for your account or for this application.',
  not_found: 'That item was not found at Securitize iD. It may have been removed.',
  conflict: 'This already exists (for a wallet: it is already registered for that token).',
  invalid_request: 'Some of the details were not accepted. Please check them and try again.',
  invalid_json: 'The app sent a request the server could not read. Please reload the page.',
  payload_too_large: 'The app sent a request the server could not read. Please reload the page.',
  unsupported_media_type: 'The app sent a request the server could not read. Please reload the page.',
  csrf_required: 'The request was blocked by cross-site protection. Please reload the page.',
  forbidden_origin: 'The request was blocked by cross-site protection. Please reload the page.',
  securitize_unavailable:
    'Securitize iD is not responding right now. You are still logged in; please try again in a moment.',
  session_store_unavailable:
    'Our session service is not available right now. Please try again in a few minutes.',
  rate_limited: 'Too many requests. Please wait a minute and try again.',
  logout_incomplete:
    'You are logged out in this browser, but the server could not confirm ending the session. ' +
    'It will expire on its own.',
  network_error: 'The server could not be reached. Check your connection and try again.',
  internal_error: 'Something went wrong on our side. Please try again.',
});

const GENERIC = 'Something went wrong. Please try again.';

/** The message for a `?error=` code; unknown codes get a neutral text that does not repeat the URL. */
export const loginErrorMessage = (code: string): string =>
  LOGIN_ERRORS.get(code) ?? 'The login did not complete. Please try again.';

export const apiErrorMessage = (code: string): string => API_ERRORS.get(code) ?? GENERIC;
