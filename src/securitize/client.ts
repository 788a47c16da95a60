import { AxiosInstance } from 'axios';
import type { Tracer } from '@opentelemetry/api';
import { createCallSpan } from './call-span';
import { createUpstreamHttp, UpstreamResponse } from './http';
import { SecuritizeError } from './errors';
import { readTokenAnswer, TokenSet } from './token-answer';
import { createInvestorCalls, InvestorCalls } from './investor-calls';
import { ApiStyle, DEFAULT_PATHS, EndpointPaths, fillPath } from './endpoints';

export interface SecuritizeClientOptions {
  apiUrl: string;
  loginUrl: string;
  clientId: string;
  secret: string;
  scope: string;
  timeoutMs: number;
  /** "direct" (sec-id-api, the default) or "gateway" (connect-gw): paths and auth headers differ. */
  style?: ApiStyle;
  /** Path per endpoint; defaults to the style's (docs/securitize.md). */
  paths?: EndpointPaths;
  now?: () => number;
  axiosInstance?: AxiosInstance;
  observe?: (endpoint: string, status: string, seconds: number) => void;
  /** With tracing on: one span per call, named for its endpoint. */
  tracer?: Tracer;
}

export interface SecuritizeClient extends InvestorCalls {
  /** The Securitize iD login URL; its parameters live after the `#`, where only the page reads them. */
  buildAuthorizeUrl(redirectUrl: string): string;
  /**
   * Securitize iD's verification (KYC) page for this issuer, for an investor a policy turned away;
   * Securitize sends the browser back to `redirectUrl` afterwards.
   */
  verificationPageUrl(redirectUrl: string): string;
  /** Trades a one-time code for tokens. Never retried: codes are single use. */
  exchangeCode(code: string): Promise<TokenSet>;
  /** Trades a one-time refresh token for a new pair. */
  refresh(refreshToken: string): Promise<TokenSet>;
}

/**
 * Leaves `:/?=` readable so the redirect URL reaches Securitize in the raw form its docs show,
 * and still encodes `&`, `#`, spaces and anything else that would split the fragment.
 */
const encodeFragmentValue = (v: string) =>
  encodeURIComponent(v).replace(/%(3A|2F|3F|3D)/gi, (m) => decodeURIComponent(m));

/**
 * The headers that authenticate the application. Direct: the raw secret in `authorization`, no
 * "Bearer". Gateway: `clientid` plus `Authorization: Bearer <secret>`.
 */
export function appHeaders(style: ApiStyle, clientId: string, secret: string): Record<string, string> {
  return style === 'gateway'
    ? { clientid: clientId, authorization: `Bearer ${secret}` }
    : { authorization: secret };
}

export function createSecuritizeClient(opts: SecuritizeClientOptions): SecuritizeClient {
  const now = opts.now ?? Date.now;
  const style = opts.style ?? 'direct';
  const paths = opts.paths ?? DEFAULT_PATHS[style];
  const common = {
    baseUrl: opts.apiUrl,
    timeoutMs: opts.timeoutMs,
    axiosInstance: opts.axiosInstance,
    observe: opts.observe,
  };
  const tokenHttp = createUpstreamHttp({ ...common, maxBodyBytes: 64 * 1024 });
  // Document lists may carry thumbnails, so investor calls get a larger cap.
  const apiHttp = createUpstreamHttp({ ...common, maxBodyBytes: 4 * 1024 * 1024 });
  const headers = { ...appHeaders(style, opts.clientId, opts.secret), 'content-type': 'application/json' };
  const path = (p: string) => fillPath(p, { clientId: opts.clientId });
  const traced = createCallSpan(opts.tracer);

  const fragmentParams = (redirectUrl: string) =>
    [
      `issuerId=${encodeFragmentValue(opts.clientId)}`,
      `scope=${encodeURIComponent(opts.scope)}`,
      `redirecturl=${encodeFragmentValue(redirectUrl)}`,
    ].join('&');
  const tokenCall = (endpoint: string, p: string, body: unknown): Promise<TokenSet> =>
    traced(endpoint, async (span) => {
      const res = await tokenHttp({ method: 'POST', path: path(p), headers, body, endpoint });
      span.status(res.status);
      return parseTokenResponse(res, endpoint, now());
    });

  return {
    ...createInvestorCalls(apiHttp, { style, clientId: opts.clientId, secret: opts.secret, paths }, traced),
    buildAuthorizeUrl: (redirectUrl) => `${opts.loginUrl}/#/authorize?${fragmentParams(redirectUrl)}`,
    // The deep link Securitize's support pages give; it takes the authorize page's parameters.
    verificationPageUrl: (redirectUrl) =>
      `${opts.loginUrl}/#/profile/verification/type?${fragmentParams(redirectUrl)}`,
    exchangeCode: (code) => tokenCall('oauth2.authorize', paths.authorize, { code }),
    refresh: (refreshToken) => tokenCall('oauth2.refresh', paths.refresh, { refreshToken }),
  };
}

function parseTokenResponse(res: UpstreamResponse, endpoint: string, nowMs: number): TokenSet {
  const detail = { endpoint, upstreamStatus: res.status };
  if (res.status === 400 || res.status === 401 || res.status === 403)
    throw new SecuritizeError('rejected', detail);
  if (res.status !== 200) throw new SecuritizeError('unavailable', detail);
  // Not JSON at all: like a 5xx (an intermediary may have answered), so the caller may try again.
  if (res.json === undefined)
    throw new SecuritizeError('unavailable', { ...detail, reason: 'malformed_token_response' });
  const tokens = readTokenAnswer(res.json, nowMs);
  if (!tokens) throw new SecuritizeError('unusable', { ...detail, reason: 'no_tokens' });
  return tokens;
}
