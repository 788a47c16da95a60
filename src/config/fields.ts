import { KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

/** Single settings' readers: each appends its problems (never a value: some are secrets). */

export function parseOrigin(name: string, value: string, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name}: must be an absolute http(s) URL`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${name}: must use http or https`);
    return undefined;
  }
  if (url.search || url.hash || url.username || url.password) {
    problems.push(`${name}: must not contain a query string, fragment or credentials`);
    return undefined;
  }
  return url;
}

/**
 * Where a side listener (forward-auth, metrics) binds: loopback unless an address says otherwise, so
 * a listener that vouches for investors or shows the process's insides is never on the host's
 * network by accident. `0.0.0.0` or `::` widen it (a container whose port is published to the host).
 */
export function bindAddress(name: string, value: string | undefined, problems: string[]): string {
  if (value === undefined) return '127.0.0.1';
  if (isIP(value) === 0)
    problems.push(`${name}: must be an IP address to listen on, such as 127.0.0.1 or 0.0.0.0`);
  return value;
}

/**
 * What logout asks the browser to clear. "cookies" clears every cookie of the whole registrable
 * domain (sibling apps on other subdomains, a host app in library mode), so it is never the
 * default; the BFF clears its own cookie with Set-Cookie anyway.
 */
const CLEARABLE = ['cache', 'storage', 'cookies'];
export function parseClearSiteData(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return '"cache"';
  if (value === 'none') return undefined;
  const kinds = value.split(',').map((v) => v.trim());
  if (kinds.some((k) => !CLEARABLE.includes(k)) || new Set(kinds).size !== kinds.length) {
    problems.push('LOGOUT_CLEAR_SITE_DATA: none, or a list of cache, storage, cookies');
    return undefined;
  }
  return kinds.map((k) => `"${k}"`).join(', ');
}

export function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o))
    if (v && typeof v === 'object' && !ArrayBuffer.isView(v) && !(v instanceof KeyObject))
      deepFreeze(v as object);
  return Object.freeze(o);
}
