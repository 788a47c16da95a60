import { createUpstreamHttp, UpstreamResponse } from './http';
import { appHeaders } from './client';
import { investorHeaders } from './investor-calls';
import { ApiStyle, EndpointName, EndpointPaths, ENDPOINTS, fillPath } from './endpoints';

/**
 * Raw calls for the login probe (`npm run doctor -- --login`): the same paths and headers as the
 * BFF's client, but the answer comes back as it was sent, so the probe can record its shape.
 * Only the token calls and the investor reads are here: nothing that writes.
 */
export interface ProbeCallOptions {
  apiUrl: string;
  clientId: string;
  secret: string;
  style: ApiStyle;
  paths: EndpointPaths;
  timeoutMs: number;
}

/** The investor endpoints that only read (GET); the wallets POST is left out on purpose. */
export type ReadEndpoint = Exclude<EndpointName, 'authorize' | 'refresh'>;
export const READ_ENDPOINTS = ENDPOINTS.filter(
  (e): e is ReadEndpoint => e !== 'authorize' && e !== 'refresh',
);

export interface ProbeCalls {
  exchange(code: string): Promise<UpstreamResponse>;
  refresh(refreshToken: string): Promise<UpstreamResponse>;
  read(endpoint: ReadEndpoint, accessToken: string, ids?: Record<string, string>): Promise<UpstreamResponse>;
}

export function createProbeCalls(o: ProbeCallOptions): ProbeCalls {
  const http = createUpstreamHttp({
    baseUrl: o.apiUrl,
    timeoutMs: o.timeoutMs,
    maxBodyBytes: 4 * 1024 * 1024,
  });
  const tokenHeaders = { ...appHeaders(o.style, o.clientId, o.secret), 'content-type': 'application/json' };
  const path = (name: EndpointName, ids: Record<string, string> = {}) =>
    fillPath(o.paths[name], { clientId: o.clientId, ...ids });
  return {
    exchange: (code) =>
      http({
        method: 'POST',
        path: path('authorize'),
        headers: tokenHeaders,
        body: { code },
        endpoint: 'authorize',
      }),
    refresh: (refreshToken) =>
      http({
        method: 'POST',
        path: path('refresh'),
        headers: tokenHeaders,
        body: { refreshToken },
        endpoint: 'refresh',
      }),
    read: (endpoint, accessToken, ids) =>
      http({
        method: 'GET',
        path: path(endpoint, ids),
        headers: investorHeaders(o, accessToken),
        endpoint,
      }),
  };
}

/**
 * How an answer is wrapped: the documented envelope (`{status, data, error, success}`), bare, or
 * not JSON; with the envelope's own keys and `status`, and the payload inside.
 */
export function envelopeOf(json: unknown): {
  form: 'wrapped' | 'bare' | 'none';
  keys?: string[];
  status?: unknown;
  payload: unknown;
} {
  if (json === undefined) return { form: 'none', payload: undefined };
  if (typeof json === 'object' && json !== null && 'data' in json && 'success' in json) {
    const o = json as Record<string, unknown>;
    return { form: 'wrapped', keys: Object.keys(o), status: o.status, payload: o.data };
  }
  return { form: 'bare', payload: json };
}
