import { AppError } from '../errors';
import type { UpstreamHttp, UpstreamResponse } from './http';
import * as N from './normalize';

export interface WalletInput {
  address: string;
  tokenId: string;
  name?: string;
  securitizeIdWalletId?: string;
}

/** The investor endpoints (§8-§10). Every call carries the app secret and the investor's token. */
export interface InvestorCalls {
  getInvestor(accessToken: string): Promise<N.Investor>;
  /** `{status: 'none'}` when the investor never started a verification (the documented 404). */
  getVerification(accessToken: string): Promise<N.Verification | { status: 'none' }>;
  listDocuments(accessToken: string): Promise<N.Document[]>;
  viewDocument(accessToken: string, documentId: string): Promise<{ url: string }>;
  listSigners(accessToken: string): Promise<N.Signer[]>;
  viewSignerDocument(accessToken: string, signerId: string, documentId: string): Promise<{ url: string }>;
  listWallets(accessToken: string): Promise<N.Wallet[]>;
  addWallet(accessToken: string, input: WalletInput): Promise<N.Wallet>;
}

/**
 * Turns a non-200 answer into the BFF's error. 401 keeps its upstream status so the caller can
 * refresh once and retry; nothing from the upstream body is passed on.
 */
function failure(res: UpstreamResponse, endpoint: string): AppError {
  const detail = { endpoint, upstreamStatus: res.status };
  const opts = { detail, upstreamStatus: res.status };
  switch (res.status) {
    case 401:
      return new AppError('session_expired', opts);
    case 403:
      return new AppError('forbidden', opts);
    case 404:
      return new AppError('not_found', opts);
    case 409:
      return new AppError('conflict', opts);
    case 429: {
      const retry = Number(res.headers['retry-after']);
      const retryAfterSeconds = Number.isInteger(retry) && retry > 0 && retry <= 3600 ? retry : 5;
      return new AppError('securitize_unavailable', { ...opts, status: 503, retryAfterSeconds });
    }
    default:
      return new AppError('securitize_unavailable', { ...opts, status: 502 });
  }
}

export function createInvestorCalls(http: UpstreamHttp, clientId: string, secret: string): InvestorCalls {
  const base = `/v1/${encodeURIComponent(clientId)}/investor`;
  const seg = encodeURIComponent;

  async function call<T>(
    endpoint: string,
    path: string,
    accessToken: string,
    parse: (data: unknown) => T,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string> = { authorization: secret, 'access-token': accessToken };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await http({ method: body === undefined ? 'GET' : 'POST', path, headers, body, endpoint });
    if (res.status === 400 && body !== undefined)
      throw new AppError('invalid_request', { detail: { endpoint, upstreamStatus: 400 } });
    if (res.status !== 200 && res.status !== 201) throw failure(res, endpoint);
    try {
      return parse(N.unwrap(res.json));
    } catch {
      throw new AppError('securitize_unavailable', { detail: { endpoint, reason: 'malformed_response' } });
    }
  }

  return {
    getInvestor: (t) => call('investor', base, t, N.toInvestor),
    async getVerification(t) {
      try {
        return await call('investor.verification', `${base}/verification`, t, N.toVerification);
      } catch (err) {
        // A 404 here means "never started" (§9.2), not a missing resource.
        if (err instanceof AppError && err.upstreamStatus === 404) return { status: 'none' as const };
        throw err;
      }
    },
    listDocuments: (t) =>
      call('investor.documents', `${base}/documents`, t, (d) => N.toList(d, N.toDocument)),
    viewDocument: (t, id) =>
      call('investor.documents.view', `${base}/documents/${seg(id)}/view`, t, N.toView),
    listSigners: (t) => call('investor.signers', `${base}/signers`, t, (d) => N.toList(d, N.toSigner)),
    viewSignerDocument: (t, signerId, id) =>
      call(
        'investor.signers.documents.view',
        `${base}/signers/${seg(signerId)}/documents/${seg(id)}/view`,
        t,
        N.toView,
      ),
    listWallets: (t) => call('investor.wallets', `${base}/domain/wallets`, t, (d) => N.toList(d, N.toWallet)),
    addWallet: (t, input) => call('investor.wallets.add', `${base}/domain/wallets`, t, N.toWallet, input),
  };
}
