/**
 * Longer is refused (to `/`): a cookie-less /login costs Redis the transaction until it is used or
 * expires (up to LOGIN_TRANSACTION_TTL), so its size is bounded (docs/security.md, "What an
 * unauthenticated client can cost").
 */
const MAX_LENGTH = 1024;

/**
 * Accepts only a local path ("/portfolio?tab=1"), so /login can never be turned into an open
 * redirector. Anything that a browser could read as another origin falls back to "/":
 * protocol-relative "//x", backslashes (browsers treat "\" as "/"), encoded slashes, control
 * characters and whitespace, and absolute URLs.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\\\s\x00-\x1f\x7f]/.test(value) || /%(2f|5c|00|0[9ad])/i.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, 'http://bff.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://bff.invalid' || !url.pathname.startsWith('/') || url.pathname.startsWith('//'))
    return '/';
  return url.pathname + url.search + url.hash;
}
