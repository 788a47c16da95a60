import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes bytes to a server on a raw socket (what an attacker sends, not what an HTTP client would)
 * and reads the answers until the server closes the connection or `idleMs` pass without a byte.
 * `heads` says which answers are to HEAD requests (no body follows their headers).
 */
export function rawExchange(
  url: string,
  bytes: string | string[],
  o: { idleMs?: number; heads?: number[] } = {},
): Promise<{ answers: RawAnswer[]; raw: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  const parts = Array.isArray(bytes) ? bytes : [bytes];
  return new Promise((resolve, reject) => {
    let raw = '';
    let closed = false;
    let idle: NodeJS.Timeout;
    const socket = net.connect(Number(port), hostname, async () => {
      for (const part of parts) {
        socket.write(Buffer.from(part, 'latin1'));
        // Separate writes reach the server as separate reads.
        if (parts.length > 1) await new Promise((r) => setTimeout(r, 30));
      }
      arm();
    });
    const done = () => {
      clearTimeout(idle);
      socket.destroy();
      resolve({ answers: splitAnswers(raw, o.heads ?? []), raw, closed });
    };
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(done, o.idleMs ?? 1500);
    };
    socket.on('data', (d: Buffer) => {
      raw += d.toString('latin1');
      arm();
    });
    socket.on('close', () => {
      closed = true;
      done();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
      reject(err);
    });
  });
}

/** The answers in `raw`, by Content-Length or chunked framing (interim 1xx answers skipped). */
export function splitAnswers(raw: string, heads: number[]): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let at = 0;
  while (at < raw.length) {
    const end = raw.indexOf('\r\n\r\n', at);
    if (end === -1) break;
    const [statusLine, ...lines] = raw.slice(at, end).split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const l of lines) {
      const colon = l.indexOf(':');
      headers[l.slice(0, colon).trim().toLowerCase()] = l.slice(colon + 1).trim();
    }
    at = end + 4;
    if (status >= 100 && status < 200) continue;
    let body = '';
    if (heads.includes(answers.length) || status === 204 || status === 304) body = '';
    else if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const lf = raw.indexOf('\r\n', at);
        const n = parseInt(raw.slice(at, lf), 16);
        at = lf + 2;
        if (!n) {
          at = raw.indexOf('\r\n', at) + 2;
          break;
        }
        body += raw.slice(at, at + n);
        at += n + 2;
      }
    } else {
      const n = Number(headers['content-length'] ?? 0);
      body = raw.slice(at, at + n);
      at += n;
    }
    answers.push({ status, headers, body });
  }
  return answers;
}
