import net from 'node:net';

export interface RawRequest {
  method?: string;
  /** The request target exactly as it goes on the wire: `..`, `%2e` and `%2f` stay as written. */
  target: string;
  /** Header lines in order; a name may come more than once. */
  headers?: [string, string][];
  body?: string;
}

export interface RawResponse {
  status: number;
  /** Header values by lower-case name, in the order received. */
  headers: Record<string, string[]>;
  body: string;
  /** One header's value (the first), or undefined. */
  header(name: string): string | undefined;
  /** The body as JSON, or undefined when it is not JSON. */
  json(): Record<string, unknown> | undefined;
}

/**
 * One HTTP/1.1 request written byte for byte on a fresh connection to 127.0.0.1:`port`. An HTTP
 * client resolves `..` and re-encodes a path before it sends it, so path tricks need this.
 */
export function rawRequest(port: number, req: RawRequest, timeoutMs = 5000): Promise<RawResponse> {
  const body = req.body ?? '';
  const lines = [
    `${req.method ?? 'GET'} ${req.target} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    ...(req.body !== undefined ? [`Content-Length: ${Buffer.byteLength(body)}`] : []),
    ...(req.headers ?? []).map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Written, not ended: a proxy reads a half-closed connection as a client that went away.
    const sock = net.connect(port, '127.0.0.1', () => sock.write(`${lines.join('\r\n')}\r\n\r\n${body}`));
    sock.setTimeout(timeoutMs, () =>
      sock.destroy(new Error(`no answer to ${req.target} in ${timeoutMs} ms`)),
    );
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.once('error', reject);
    sock.once('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks).toString('latin1')));
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

function parseResponse(text: string): RawResponse {
  const split = text.indexOf('\r\n\r\n');
  if (split === -1) throw new Error(`not an HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine = '', ...headerLines] = text.slice(0, split).split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string[]> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  const rest = text.slice(split + 4);
  const chunked = headers['transfer-encoding']?.some((v) => /chunked/i.test(v));
  const body = Buffer.from(chunked ? unchunk(rest) : rest, 'latin1').toString('utf8');
  return {
    status,
    headers,
    body,
    header: (name) => headers[name.toLowerCase()]?.[0],
    json() {
      try {
        return JSON.parse(body) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    },
  };
}

/** A chunked body's data (the connection closed after it, so it is all there). */
function unchunk(text: string): string {
  let out = '';
  for (let at = 0; at < text.length;) {
    const eol = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, eol), 16);
    if (!(size > 0)) break;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
  return out;
}
