import axios, { AxiosInstance, CreateAxiosDefaults } from 'axios';
import { SecuritizeError } from './errors';

export interface UpstreamResponse {
  status: number;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  json: unknown;
  headers: Record<string, string>;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  /** Name for logs and metrics; never contains tokens. */
  endpoint: string;
}

export interface UpstreamHttpOptions {
  baseUrl: string;
  timeoutMs: number;
  maxBodyBytes?: number;
  axiosInstance?: AxiosInstance;
  /** Called once per call with its endpoint name, status (or "error"/"timeout") and duration. */
  observe?: (endpoint: string, status: string, seconds: number) => void;
}

export type UpstreamHttp = (req: UpstreamRequest) => Promise<UpstreamResponse>;

/**
 * One bounded HTTP exchange with Securitize. axios' `timeout` does not bound a body that
 * trickles in slowly, so an AbortSignal enforces a total deadline. No redirects are followed,
 * the body size is capped, and any transport failure becomes a SecuritizeError that carries
 * no request config (an AxiosError serialises the secret and the code).
 */
export function createUpstreamHttp(opts: UpstreamHttpOptions): UpstreamHttp {
  const maxBody = opts.maxBodyBytes ?? 256 * 1024;
  // The fixed settings once, on the instance; a call only adds what changes.
  const settings: CreateAxiosDefaults = {
    baseURL: opts.baseUrl,
    timeout: opts.timeoutMs,
    maxRedirects: 0,
    maxContentLength: maxBody,
    maxBodyLength: maxBody,
    responseType: 'text',
    transformResponse: [(d: unknown) => d],
    validateStatus: () => true,
    decompress: true,
  };
  const http = opts.axiosInstance ?? axios.create(settings);
  const perCall = opts.axiosInstance ? settings : {};
  return async (req) => {
    const started = Date.now();
    // The total deadline; cleared when the call ends (AbortSignal.timeout would leave a live timer
    // behind every call for the whole timeout, and costs twice as much to set up).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), opts.timeoutMs);
    try {
      const res = await http.request<string>({
        ...perCall,
        url: req.path,
        method: req.method,
        headers: { accept: 'application/json', ...req.headers },
        data: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: deadline.signal,
      });
      opts.observe?.(req.endpoint, String(res.status), (Date.now() - started) / 1000);
      return { status: res.status, json: parseJson(res.data), headers: flatHeaders(res.headers) };
    } catch (err) {
      const e = transportError(err, req.endpoint, Date.now() - started);
      opts.observe?.(
        req.endpoint,
        e.outcome === 'timeout' ? 'timeout' : 'error',
        (Date.now() - started) / 1000,
      );
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flatHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h && typeof h === 'object')
    for (const [k, v] of Object.entries(h as Record<string, unknown>))
      if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

function transportError(err: unknown, endpoint: string, elapsedMs: number): SecuritizeError {
  const code = (err as { code?: string })?.code;
  const name = (err as { name?: string })?.name;
  const timedOut =
    code === 'ECONNABORTED' || code === 'ETIMEDOUT' || name === 'CanceledError' || name === 'AbortError';
  // Only safe facts survive: the axios error object itself holds headers and the body.
  const detail = { endpoint, transport: code ?? name ?? 'unknown', elapsedMs };
  return new SecuritizeError(timedOut ? 'timeout' : 'unavailable', detail);
}
