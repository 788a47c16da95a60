import { AxiosInstance } from 'axios';
import { AppError } from '../errors';
import { createUpstreamHttp, UpstreamResponse } from './http';
import { TokenSet, tokenResponseSchema } from './schemas';
import { createInvestorCalls, InvestorCalls } from './investor-calls';

export interface SecuritizeClientOptions {
  apiUrl: string;
  loginUrl: string;
  clientId: string;
  secret: string;
  scope: string;
  timeoutMs: number;
  now?: () => number;
  axiosInstance?: AxiosInstance;
  observe?: (endpoint: string, status: string, seconds: number) => void;
}

export interface SecuritizeClient extends InvestorCalls {
  /** The Securitize iD login URL; its parameters live after the `#` (securitize-api.md §4.4). */
  buildAuthorizeUrl(redirectUrl: string): string;
  /** Trades a one-time code for tokens. Never retried: codes are single use (§6.2, §13.3). */
  exchangeCode(code: string): Promise<TokenSet>;
  /** Trades a one-time refresh token for a new pair (§6.4). */
  refresh(refreshToken: string): Promise<TokenSet>;
}

/** Expirations slightly in the past are tolerated: the two clocks are never exactly in step. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Leaves `:/?=` readable so the redirect URL reaches Securitize in the raw form its docs show,
 * and still encodes `&`, `#`, spaces and anything else that would split the fragment (§4.4).
 */
const encodeFragmentValue = (v: string) =>
  encodeURIComponent(v).replace(/%(3A|2F|3F|3D)/gi, (m) => decodeURIComponent(m));

export function createSecuritizeClient(opts: SecuritizeClientOptions): SecuritizeClient {
  const now = opts.now ?? Date.now;
  const tokenHttp = createUpstreamHttp({
    baseUrl: opts.apiUrl,
    timeoutMs: opts.timeoutMs,
    maxBodyBytes: 64 * 1024,
    axiosInstance: opts.axiosInstance,
    observe: opts.observe,
  });
  // Document lists may carry thumbnails, so investor calls get a larger cap.
  const apiHttp = createUpstreamHttp({
    baseUrl: opts.apiUrl,
    timeoutMs: opts.timeoutMs,
    maxBodyBytes: 4 * 1024 * 1024,
    axiosInstance: opts.axiosInstance,
    observe: opts.observe,
  });
  const base = `/v1/${encodeURIComponent(opts.clientId)}`;
  // The raw secret, no "Bearer" prefix (§3.1).
  const appAuth = { authorization: opts.secret, 'content-type': 'application/json' };

  const tokenCall = async (endpoint: string, path: string, body: unknown): Promise<TokenSet> => {
    const res = await tokenHttp({ method: 'POST', path, headers: appAuth, body, endpoint });
    return parseTokenResponse(res, endpoint, now());
  };

  return {
    ...createInvestorCalls(apiHttp, opts.clientId, opts.secret),
    buildAuthorizeUrl(redirectUrl) {
      const params = [
        `issuerId=${encodeFragmentValue(opts.clientId)}`,
        `scope=${encodeURIComponent(opts.scope)}`,
        `redirecturl=${encodeFragmentValue(redirectUrl)}`,
      ];
      return `${opts.loginUrl}/#/authorize?${params.join('&')}`;
    },
    exchangeCode: (code) => tokenCall('oauth2.authorize', `${base}/oauth2/authorize`, { code }),
    refresh: (refreshToken) => tokenCall('oauth2.refresh', `${base}/oauth2/refresh`, { refreshToken }),
  };
}

function parseTokenResponse(res: UpstreamResponse, endpoint: string, nowMs: number): TokenSet {
  const detail = { endpoint, upstreamStatus: res.status };
  if (res.status === 400 || res.status === 401 || res.status === 403)
    throw new AppError('securitize_rejected', { detail, upstreamStatus: res.status });
  if (res.status !== 200)
    throw new AppError('securitize_unavailable', { detail, upstreamStatus: res.status });
  const parsed = tokenResponseSchema.safeParse(res.json);
  if (!parsed.success)
    throw new AppError('securitize_unavailable', {
      detail: { ...detail, reason: 'malformed_token_response' },
    });
  const expiresAt = Date.parse(parsed.data.expiration);
  if (!Number.isFinite(expiresAt) || expiresAt < nowMs - CLOCK_SKEW_MS)
    throw new AppError('securitize_unavailable', { detail: { ...detail, reason: 'bad_expiration' } });
  return { ...parsed.data, expiresAt };
}
