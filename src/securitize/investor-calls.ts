import { isSecuritizeError, SecuritizeError } from './errors';
import type { UpstreamHttp, UpstreamResponse } from './http';
import * as N from './normalize';
import { ApiStyle, EndpointName, EndpointPaths, fillPath } from './endpoints';
import { CallSpan, createCallSpan } from './call-span';

export interface WalletInput {
  address: string;
  tokenId: string;
  name?: string;
  securitizeIdWalletId?: string;
}

/** The investor endpoints. Every call carries the investor's token, and the app's credentials as the style wants them. */
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

/** A non-200 answer, in Securitize's terms; nothing from the upstream body is passed on. */
function failure(res: UpstreamResponse, endpoint: string): SecuritizeError {
  const detail = { endpoint, upstreamStatus: res.status };
  switch (res.status) {
    case 401:
      return new SecuritizeError('unauthorized', detail);
    case 403:
      return new SecuritizeError('forbidden', detail);
    case 404:
      return new SecuritizeError('not_found', detail);
    case 409:
      return new SecuritizeError('conflict', detail);
    case 429: {
      const retry = Number(res.headers['retry-after']);
      return new SecuritizeError(
        'rate_limited',
        detail,
        Number.isInteger(retry) && retry > 0 && retry <= 3600 ? retry : 5,
      );
    }
    default:
      return new SecuritizeError('unavailable', detail);
  }
}

export interface InvestorCallOptions {
  style: ApiStyle;
  clientId: string;
  secret: string;
  paths: EndpointPaths;
}

/**
 * Direct: the app secret (raw, in `authorization`) and `access-token`. Gateway: `access-token`
 * and `clientid`; its examples send no usable app credential on investor calls.
 */
export function investorHeaders(o: InvestorCallOptions, accessToken: string): Record<string, string> {
  return o.style === 'gateway'
    ? { clientid: o.clientId, 'access-token': accessToken }
    : { authorization: o.secret, 'access-token': accessToken };
}

export function createInvestorCalls(
  http: UpstreamHttp,
  o: InvestorCallOptions,
  traced: CallSpan = createCallSpan(undefined),
): InvestorCalls {
  const path = (name: EndpointName, ids: Record<string, string> = {}) =>
    fillPath(o.paths[name], { clientId: o.clientId, ...ids });

  async function call<T>(
    endpoint: string,
    path: string,
    accessToken: string,
    parse: (data: unknown) => T,
    body?: unknown,
  ): Promise<T> {
    return traced(endpoint, async (span) => {
      const headers = investorHeaders(o, accessToken);
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await http({ method: body === undefined ? 'GET' : 'POST', path, headers, body, endpoint });
      span.status(res.status);
      if (res.status === 400 && body !== undefined)
        throw new SecuritizeError('invalid', { endpoint, upstreamStatus: 400 });
      if (res.status !== 200 && res.status !== 201) throw failure(res, endpoint);
      try {
        return parse(N.unwrap(res.json));
      } catch {
        throw new SecuritizeError('unavailable', {
          endpoint,
          upstreamStatus: res.status,
          reason: 'malformed_response',
        });
      }
    });
  }

  return {
    getInvestor: (t) => call('investor', path('investor'), t, N.toInvestor),
    async getVerification(t) {
      try {
        return await call('investor.verification', path('verification'), t, N.toVerification);
      } catch (err) {
        // A 404 here means "never started", not a missing resource.
        if (isSecuritizeError(err, 'not_found')) return { status: 'none' as const };
        throw err;
      }
    },
    listDocuments: (t) => call('investor.documents', path('documents'), t, (d) => N.toList(d, N.toDocument)),
    viewDocument: (t, documentId) =>
      call('investor.documents.view', path('documentView', { documentId }), t, N.toView),
    listSigners: (t) => call('investor.signers', path('signers'), t, (d) => N.toList(d, N.toSigner)),
    viewSignerDocument: (t, signerId, documentId) =>
      call(
        'investor.signers.documents.view',
        path('signerDocumentView', { signerId, documentId }),
        t,
        N.toView,
      ),
    listWallets: (t) => call('investor.wallets', path('wallets'), t, (d) => N.toList(d, N.toWallet)),
    addWallet: (t, input) => call('investor.wallets.add', path('wallets'), t, N.toWallet, input),
  };
}
