/**
 * HTTP/1.1 request parsing over raw bytes, three ways: `strict` as RFC 9112 has it, and two lenient
 * readings of old backends (`cl-first` believes Content-Length over Transfer-Encoding and the first
 * of two lengths; `te-first` believes any Transfer-Encoding naming chunked, and the last length).
 * Both lenient ones take bare LF line ends and join obs-folded lines. Bytes that parse the same
 * three ways, with nothing left over, cannot be read as a different set of requests by anyone.
 */
export type Mode = 'strict' | 'cl-first' | 'te-first';

export interface Message {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: string;
}

export interface Parsed {
  messages: Message[];
  /** Bytes of an unfinished message at the end. */
  rest: string;
  error?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** One line from `at`: its text and where the next starts, or null when the line is not complete. */
function line(text: string, at: number, mode: Mode): { value: string; next: number } | null {
  const lf = text.indexOf('\n', at);
  if (lf === -1) return null;
  const crlf = lf > at && text[lf - 1] === '\r';
  if (!crlf && mode === 'strict') throw new Error('bare LF');
  const value = text.slice(at, crlf ? lf - 1 : lf);
  if (mode === 'strict' && value.includes('\r')) throw new Error('bare CR');
  return { value, next: lf + 1 };
}

function head(text: string, at: number, mode: Mode) {
  const first = line(text, at, mode);
  if (!first) return null;
  const m = /^([A-Z]+) (\S+) HTTP\/1\.1$/.exec(first.value);
  if (!m) throw new Error(`bad request line: ${JSON.stringify(first.value.slice(0, 80))}`);
  const headers: Array<[string, string]> = [];
  let pos = first.next;
  for (;;) {
    const l = line(text, pos, mode);
    if (!l) return null;
    pos = l.next;
    if (l.value === '') break;
    if (/^[ \t]/.test(l.value)) {
      if (mode === 'strict' || headers.length === 0) throw new Error('obs-fold');
      headers[headers.length - 1]![1] += ` ${l.value.trim()}`;
      continue;
    }
    const colon = l.value.indexOf(':');
    const name = l.value.slice(0, colon);
    if (colon <= 0 || !TOKEN.test(name)) throw new Error(`bad header line: ${JSON.stringify(l.value)}`);
    headers.push([name.toLowerCase(), l.value.slice(colon + 1).trim()]);
  }
  return { method: m[1]!, target: m[2]!, headers, bodyAt: pos };
}

/** How the body is framed under `mode`. */
function framing(headers: Array<[string, string]>, mode: Mode): { chunked: true } | { length: number } {
  const lengths = headers.filter(([n]) => n === 'content-length').map(([, v]) => v);
  const te = headers.filter(([n]) => n === 'transfer-encoding').map(([, v]) => v.toLowerCase());
  if (mode === 'strict') {
    if (lengths.length > 0 && te.length > 0) throw new Error('Content-Length with Transfer-Encoding');
    if (lengths.length > 1) throw new Error('two Content-Length fields');
    if (te.length > 1 || (te.length === 1 && te[0] !== 'chunked')) throw new Error('bad Transfer-Encoding');
    if (lengths.length === 1 && !/^\d+$/.test(lengths[0]!)) throw new Error('bad Content-Length');
  }
  const chunked = te.some((v) => v.includes('chunked'));
  const length = mode === 'te-first' ? lengths[lengths.length - 1] : lengths[0];
  if (chunked && (mode !== 'cl-first' || length === undefined)) return { chunked: true };
  return { length: length === undefined ? 0 : parseInt(length, 10) || 0 };
}

/** A chunked body from `at`: its bytes and where the message ends, or null when incomplete. */
function chunks(text: string, at: number, mode: Mode): { body: string; end: number } | null {
  let body = '';
  let pos = at;
  for (;;) {
    const size = line(text, pos, mode);
    if (!size) return null;
    const [hex, ext] = [size.value.split(';')[0]!, size.value.includes(';')];
    if (mode === 'strict' && (ext || !/^[0-9a-fA-F]+$/.test(hex)))
      throw new Error(`chunk size line ${JSON.stringify(size.value)}`);
    const n = parseInt(hex, 16);
    pos = size.next;
    if (n === 0) {
      // Trailer fields, then the empty line.
      for (;;) {
        const t = line(text, pos, mode);
        if (!t) return null;
        pos = t.next;
        if (t.value === '') return { body, end: pos };
        if (mode === 'strict') throw new Error('trailer field');
      }
    }
    if (text.length < pos + n + 2) return null;
    body += text.slice(pos, pos + n);
    const after = line(text, pos + n, mode);
    if (!after || after.value !== '') throw new Error('chunk not followed by CRLF');
    pos = after.next;
  }
}

/** Every complete request in `bytes` (latin1, so a byte is a character), read one way. */
export function parseRequests(bytes: Buffer | string, mode: Mode): Parsed {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  const messages: Message[] = [];
  let at = 0;
  try {
    for (;;) {
      if (at >= text.length) return { messages, rest: '' };
      const h = head(text, at, mode);
      if (!h) return { messages, rest: text.slice(at) };
      const f = framing(h.headers, mode);
      let body: string;
      let end: number;
      if ('chunked' in f) {
        const c = chunks(text, h.bodyAt, mode);
        if (!c) return { messages, rest: text.slice(at) };
        ({ body, end } = c);
      } else {
        if (text.length < h.bodyAt + f.length) return { messages, rest: text.slice(at) };
        [body, end] = [text.slice(h.bodyAt, h.bodyAt + f.length), h.bodyAt + f.length];
      }
      messages.push({ method: h.method, target: h.target, headers: h.headers, body });
      at = end;
    }
  } catch (err) {
    return { messages, rest: text.slice(at), error: (err as Error).message };
  }
}

/** The same bytes read the three ways. */
export const readAllWays = (bytes: Buffer | string) =>
  (['strict', 'cl-first', 'te-first'] as const).map((mode) => ({ mode, ...parseRequests(bytes, mode) }));
