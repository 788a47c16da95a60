/**
 * One reading of a request path for every decision (rules, the gateway's forward), so a proxy, the
 * BFF and an upstream cannot disagree about which path a request names. What cannot be read one
 * way only is refused, never guessed:
 * - `%XX` of an unreserved character (letters, digits, `-._~`) is decoded; other escapes stay
 *   escaped with upper-case hex; an escaped `/` or `\`, a NUL, or a malformed escape is refused;
 * - `;parameters` are cut from every segment (`/invest;a/x` is `/invest/x`); a segment that is
 *   nothing, `.` or `..` before its `;` (`/;/..`, `..;x`) and an escaped `;` are refused, since
 *   servers disagree on them;
 * - repeated slashes become one;
 * - `.` and `..` segments, raw or escaped, are refused: a browser resolves them before it sends a
 *   URL, and servers disagree on them (nginx resolves them, Express routes `..` as a parameter);
 * - a backslash, a `#`, whitespace, control or non-ASCII characters are refused.
 */
export type NormalizedPath = { ok: true; path: string; query: string } | { ok: false; reason: string };

const MAX_LENGTH = 4096;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
/** What may appear raw in a path segment (RFC 3986 pchar without `%`, which is handled apart). */
const PCHAR = /^[A-Za-z0-9\-._~!$&'()*+,=:@]*$/;

function decodeSegment(segment: string): string | null {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const hex = segment.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
    const ch = String.fromCharCode(parseInt(hex, 16));
    if (ch === '/' || ch === '\\' || ch === '\0' || ch === ';') return null;
    out += UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
    i += 2;
  }
  return out;
}

/** `pathAndQuery` as a request line carries it: `/a/b?x=1`. */
export function normalizePath(pathAndQuery: string): NormalizedPath {
  if (pathAndQuery.length > MAX_LENGTH) return { ok: false, reason: 'too_long' };
  const q = pathAndQuery.indexOf('?');
  const raw = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q === -1 ? '' : pathAndQuery.slice(q);
  if (!raw.startsWith('/')) return { ok: false, reason: 'not_absolute' };
  if (/[^\x21-\x7e]|[#\\]/.test(pathAndQuery)) return { ok: false, reason: 'bad_character' };
  const out: string[] = [];
  const parts = raw.split('/');
  for (let i = 1; i < parts.length; i++) {
    const semi = parts[i]!.indexOf(';');
    const segment = semi === -1 ? parts[i]! : parts[i]!.slice(0, semi);
    if (!PCHAR.test(segment.replace(/%/g, ''))) return { ok: false, reason: 'bad_character' };
    const decoded = decodeSegment(segment);
    if (decoded === null) return { ok: false, reason: 'bad_escape' };
    if (decoded === '.' || decoded === '..') return { ok: false, reason: 'dot_segment' };
    if (decoded === '' && semi !== -1) return { ok: false, reason: 'empty_parameter_segment' };
    if (decoded !== '') out.push(decoded);
    // Keep a trailing slash: `/a/` and `/a` may be different resources upstream.
    else if (i === parts.length - 1 && out.length > 0) out.push('');
  }
  return { ok: true, path: `/${out.join('/')}`, query };
}

/** Whether `path` is `prefix` or lies under it, by whole segments (`/invest` covers `/invest/x`, not `/investor`). */
export function underPrefix(path: string, prefix: string): boolean {
  if (prefix === '/') return true;
  return path === prefix || (path.startsWith(prefix) && path[prefix.length] === '/');
}
