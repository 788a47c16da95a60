/**
 * Allow-list rule (§5, §14; the exact real rule is undocumented): an entry ending in `*` allows any URL that starts
 * with the text before the `*`, any other entry must match the whole string exactly.
 */
export function isRedirectAllowed(url: string, allowList: readonly string[]): boolean {
  // Control characters could never be a real redirect and would break the Location header.
  if (url === '' || [...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return false;
  return allowList.some((entry) =>
    entry.endsWith('*') ? url.startsWith(entry.slice(0, -1)) : url === entry,
  );
}

/**
 * Appends the callback parameters the way Securitize appears to (§6.1): `?` or `&` depending on whether the URL
 * already has a query string, before any fragment.
 */
export function appendParams(url: string, params: Array<[string, string]>): string {
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? '' : url.slice(hash);
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${query}${fragment}`;
}
