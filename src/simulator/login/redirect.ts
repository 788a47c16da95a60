import type { CallbackStyle } from '../types';

/**
 * Allow-list rule (docs/securitize.md, "The redirect allow-list"; the exact real rule is undocumented): an entry ending in `*` allows any URL that starts
 * with the text before the `*`, any other entry must match the whole string exactly.
 */
export function isRedirectAllowed(url: string, allowList: readonly string[]): boolean {
  // Control characters could never be a real redirect and would break the Location header.
  if (url === '' || [...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return false;
  return allowList.some((entry) =>
    entry.endsWith('*') ? url.startsWith(entry.slice(0, -1)) : url === entry,
  );
}

/** Percent-encodes the URL's own query delimiters in everything after the scheme and host. */
function encodeDelimiters(url: string): string {
  const scheme = url.indexOf('://');
  const hostStart = scheme === -1 ? 0 : scheme + 3;
  const rest = url.slice(hostStart).search(/[/?#]/);
  const pathStart = rest === -1 ? url.length : hostStart + rest;
  return url.slice(0, pathStart) + url.slice(pathStart).replace(/[?=&]/g, encodeURIComponent);
}

/**
 * Appends the callback parameters before any fragment. How the real service composes them when the redirect URL
 * already has a query is unknown, so the style is a switch: `auto` (the default, and what it appears to do) uses `?`
 * or `&` depending on whether there is a query already; `question` and `ampersand` always use that character, even
 * where it makes a malformed URL; `encoded` first percent-encodes the URL's own `?`, `=` and `&`, then adds `?`.
 */
export function appendParams(
  url: string,
  params: Array<[string, string]>,
  style: CallbackStyle = 'auto',
): string {
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? '' : url.slice(hash);
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  switch (style) {
    case 'question':
      return `${base}?${query}${fragment}`;
    case 'ampersand':
      return `${base}&${query}${fragment}`;
    case 'encoded':
      return `${encodeDelimiters(base)}?${query}${fragment}`;
    case 'auto': {
      const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
      return `${base}${separator}${query}${fragment}`;
    }
  }
}
