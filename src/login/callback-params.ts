/**
 * Reads what Securitize sends back to the callback, whichever way it composed the URL. Our
 * redirect URL is `PUBLIC_URL/callback/<state>`; Securitize adds `code`, `country` and
 * `authorized`, and nothing says how. Seen or plausible:
 *   /callback/S?code=C&country=US     (a `?`, as documented for a URL without a query)
 *   /callback/S&code=C&country=US     (always `&`)
 * and, for redirect URLs of the earlier form `/callback?state=S`, still answered for logins that
 * were in flight during an upgrade:
 *   /callback?state=S&code=C          (`&` after an existing query)
 *   /callback?state=S?code=C          (always `?`)
 *   /callback%3Fstate%3DS?code=C      (our own delimiters percent-encoded)
 * So `?` and `&` both separate parameters, and an encoded `?`, `=` or `&` counts as one. Every
 * step is a single linear scan (no regular expression sees the URL), so a hostile URL costs no
 * more than its length.
 */
export interface CallbackParams {
  state?: string;
  code?: string;
  country?: string;
  authorized?: string;
  /** `state` or `code` came more than once, as an array (`code[]`), or in both path and query. */
  polluted: boolean;
}

const STRICT = new Set(['state', 'code']);
const HINTS = new Set(['country', 'authorized']);

/** `url` is the request URL from `/callback` on (path and query); null when it is not a callback. */
export function parseCallbackUrl(url: string): CallbackParams | null {
  if (!url.startsWith('/callback')) return null;
  const tail = decodeDelimiters(url.slice('/callback'.length));
  const out: CallbackParams = { polluted: false };
  let rest = tail;
  if (tail.startsWith('/')) {
    const end = firstOf(tail, 1, '?', '&');
    const segment = tail.slice(1, end);
    if (segment.includes('/')) return null;
    if (segment !== '') out.state = safeDecode(segment);
    rest = tail.slice(end);
  } else if (rest !== '' && rest[0] !== '?' && rest[0] !== '&') return null;
  const seen = new Set<string>();
  const hintsSeenTwice = new Set<string>();
  let start = 0;
  while (start < rest.length) {
    const end = firstOf(rest, start + 1, '?', '&');
    const piece = rest.slice(start + 1, end);
    start = end;
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = safeDecode(eq === -1 ? piece : piece.slice(0, eq));
    const value = eq === -1 ? '' : safeDecode(piece.slice(eq + 1));
    const bracket = key.indexOf('[');
    const base = bracket === -1 ? key : key.slice(0, bracket);
    if (STRICT.has(base)) {
      if (bracket !== -1 || seen.has(base) || (base === 'state' && out.state !== undefined)) {
        out.polluted = true;
        continue;
      }
      seen.add(base);
      out[base as 'state' | 'code'] = value;
    } else if (HINTS.has(key)) {
      // Display hints only: a repeated one is dropped rather than guessed at.
      if (seen.has(key)) hintsSeenTwice.add(key);
      seen.add(key);
      out[key as 'country' | 'authorized'] = value;
    }
  }
  for (const key of hintsSeenTwice) delete out[key as 'country' | 'authorized'];
  return out;
}

/** The index of the first of two characters at or after `from`, or the length. */
function firstOf(s: string, from: number, a: string, b: string): number {
  for (let i = from; i < s.length; i++) if (s[i] === a || s[i] === b) return i;
  return s.length;
}

/** `%3F`, `%3D` and `%26` back to `?`, `=` and `&`, in one pass; every other escape is left. */
function decodeDelimiters(s: string): string {
  if (!s.includes('%')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && i + 2 < s.length) {
      const hex = s.slice(i + 1, i + 3).toUpperCase();
      const c = hex === '3F' ? '?' : hex === '3D' ? '=' : hex === '26' ? '&' : undefined;
      if (c) {
        out += c;
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

function safeDecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: keep the raw text, which then fails the value checks.
    return s;
  }
}
