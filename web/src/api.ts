import type { OfferingList } from './app-api.js';
import { apiErrorMessage } from './error-messages.js';
import type {
  DocumentList,
  DocumentView,
  Investor,
  Me,
  NewWallet,
  RevokedSessions,
  SessionList,
  SignerList,
  Wallet,
  WalletList,
} from './types.js';

/** A failed call, with the BFF's stable error code (or network_error when there was no answer) and the JSON body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isUnauthorized = (err: unknown): boolean => err instanceof ApiError && err.status === 401;

/** The BFF's own 401 codes. Through /app-api, any other 401 is the app backend's answer, not a logout. */
const SESSION_GONE = new Set(['login_required', 'session_expired']);

/** A 401 that says the BFF session is gone (the page has already switched to the logged-out view). */
export const isSessionGone = (err: unknown): boolean =>
  isUnauthorized(err) && SESSION_GONE.has((err as ApiError).code);

/**
 * The only place that talks to the BFF. The browser holds nothing but the HttpOnly session cookie,
 * so every call is a same-origin fetch that sends it; `X-CSRF: 1` is the header a cross-site page
 * cannot set without a CORS preflight, which the BFF never grants.
 */
export function createBffClient(onUnauthorized: (code: string) => void) {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, appApi = false): Promise<T> {
    const headers: Record<string, string> = { 'X-CSRF': '1' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network_error', apiErrorMessage('network_error'));
    }
    const data: unknown = res.status === 204 ? null : await res.json().catch(() => null);
    if (res.ok) return data as T;
    const code = errorCode(data) ?? `http_${res.status}`;
    if (res.status === 401 && (!appApi || SESSION_GONE.has(code))) onUnauthorized(code);
    throw new ApiError(res.status, code, apiErrorMessage(code), data);
  }

  const id = (value: string) => encodeURIComponent(value);
  return {
    me: () => call<Me>('GET', '/api/me'),
    investor: () => call<Investor>('GET', '/api/investor'),
    documents: () => call<DocumentList>('GET', '/api/documents'),
    viewDocument: (documentId: string) => call<DocumentView>('GET', `/api/documents/${id(documentId)}/view`),
    signers: () => call<SignerList>('GET', '/api/signers'),
    viewSignerDocument: (signerId: string, documentId: string) =>
      call<DocumentView>('GET', `/api/signers/${id(signerId)}/documents/${id(documentId)}/view`),
    wallets: () => call<WalletList>('GET', '/api/wallets'),
    addWallet: (wallet: NewWallet) => call<Wallet>('POST', '/api/wallets', wallet),
    sessions: () => call<SessionList>('GET', '/api/sessions'),
    revokeOtherSessions: () => call<RevokedSessions>('POST', '/api/sessions/revoke-others'),
    logout: () => call<null>('POST', '/logout'),
    /** The app's own backend through the BFF's app-API proxy, which applies its policy first (a 403 explains why not). */
    offerings: () => call<OfferingList>('GET', '/app-api/offerings', undefined, true),
  };
}

export type BffClient = ReturnType<typeof createBffClient>;

function errorCode(data: unknown): string | undefined {
  const code = (data as { error?: unknown } | null)?.error;
  return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : undefined;
}
