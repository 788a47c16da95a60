import { createUpstreamHttp } from './http';
import { appHeaders } from './client';
import type { ApiStyle } from './endpoints';
import { fillPath } from './endpoints';
import { unwrap } from './normalize';

/** Where the application's own settings (name, redirect allow-list) are read and changed. */
const READ: Record<ApiStyle, string | undefined> = {
  direct: '/v1/{clientId}',
  // No public source shows a gateway path that reads the application.
  gateway: undefined,
};
const UPDATE: Record<ApiStyle, string> = {
  direct: '/v1/{clientId}',
  gateway: '/api/config/v1/{clientId}',
};

export interface ApplicationOptions {
  apiUrl: string;
  clientId: string;
  secret: string;
  style: ApiStyle;
  timeoutMs: number;
}

export interface ApplicationAnswer {
  status: number;
  /** The `Date` header, when the host sent one. */
  date?: string;
  name?: string;
  redirectUrls?: string[];
}

/** Whether this style has a documented path that reads the application's settings. */
export const canReadApplication = (style: ApiStyle) => READ[style] !== undefined;

/**
 * The application's settings as Securitize keeps them: `GET /v1/{clientId}` with the secret
 * (wrapped or bare). `undefined` on the gateway, which has no documented path for it.
 */
export async function getApplication(o: ApplicationOptions): Promise<ApplicationAnswer | undefined> {
  const read = READ[o.style];
  if (!read) return undefined;
  const http = createUpstreamHttp({ baseUrl: o.apiUrl, timeoutMs: o.timeoutMs, maxBodyBytes: 256 * 1024 });
  const res = await http({
    method: 'GET',
    path: fillPath(read, { clientId: o.clientId }),
    headers: appHeaders(o.style, o.clientId, o.secret),
    endpoint: 'application',
  });
  const answer: ApplicationAnswer = { status: res.status, date: res.headers.date };
  if (res.status !== 200) return answer;
  const body = unwrap(res.json) as Record<string, unknown> | undefined;
  const name = body?.appName ?? body?.issuerName;
  if (typeof name === 'string') answer.name = name;
  if (Array.isArray(body?.redirectUrls))
    answer.redirectUrls = body.redirectUrls.filter((u): u is string => typeof u === 'string');
  return answer;
}

/** Any answer from a host, with its `Date` header: whether it is there and what time it says. */
export async function pingHost(
  baseUrl: string,
  timeoutMs: number,
): Promise<{ status: number; date?: string }> {
  const http = createUpstreamHttp({ baseUrl, timeoutMs, maxBodyBytes: 1024 * 1024 });
  const res = await http({ method: 'GET', path: '/', headers: { accept: '*/*' }, endpoint: 'ping' });
  return { status: res.status, date: res.headers.date };
}

/**
 * Securitize's allow-list rule as documented: an entry ending in `*` allows every URL that starts
 * with what comes before it; any other entry must be the whole URL.
 */
export function redirectAllowed(url: string, allowList: readonly string[]): boolean {
  return allowList.some((e) => (e.endsWith('*') ? url.startsWith(e.slice(0, -1)) : url === e));
}

/** The documented entry that covers every redirect URL below an origin: `https://host/*`. */
export const allowListEntryFor = (publicUrl: string) => `${publicUrl.replace(/\/+$/, '')}/*`;

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A ready `curl` that replaces the allow-list with `redirectUrls` (PATCH replaces the whole list,
 * so the caller passes the current entries plus the new one). The secret is never in it: the
 * header reads `$SECURITIZE_SECRET` from the shell.
 */
export function redirectListCurl(
  o: Omit<ApplicationOptions, 'secret' | 'timeoutMs'>,
  redirectUrls: string[],
): string {
  const url = `${o.apiUrl}${fillPath(UPDATE[o.style], { clientId: o.clientId })}`;
  return [
    `curl -sS -X PATCH ${shellQuote(url)}`,
    `-H "authorization: $SECURITIZE_SECRET"`,
    `-H 'content-type: application/json'`,
    `-d ${shellQuote(JSON.stringify({ redirectUrls }))}`,
  ].join(' ');
}
