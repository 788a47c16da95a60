import { createServer } from 'node:http';

/** What came back to the callback, in shapes: where the parameters went and how they were joined. */
export interface CallbackShape {
  /** The URL from our path on, every value replaced by its length: `?code=<36>&country=<2>`. */
  template: string;
  /** The characters that introduced each parameter, in order (`?`, `&`, or an encoded one). */
  separators: string[];
  params: string[];
  /** Our `?`, `=` or `&` came back percent-encoded. */
  encodedDelimiters: boolean;
  /** The value of `authorized` (true/false), which says nothing about the person. */
  authorized?: string;
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const DELIMITERS: Record<string, string> = { '%3F': '?', '%3D': '=', '%26': '&' };

/**
 * Reads the callback's request URL: the text after the path we sent is split on `?` and `&`
 * (plain or percent-encoded), since Securitize's way of appending is exactly what is unknown.
 */
export function readCallback(rawUrl: string, sentPath: string): { code?: string; shape: CallbackShape } {
  const tail = rawUrl.startsWith(sentPath) ? rawUrl.slice(sentPath.length) : rawUrl;
  const encodedDelimiters = /%3F|%3D|%26/i.test(tail);
  const plain = tail.replace(/%3F|%3D|%26/gi, (m) => DELIMITERS[m.toUpperCase()]!);
  const separators: string[] = [];
  const params: string[] = [];
  let template = rawUrl.startsWith(sentPath) ? '' : '(another path) ';
  let code: string | undefined;
  let authorized: string | undefined;
  for (const m of plain.matchAll(/([?&])([^?&]*)/g)) {
    const [, sep, piece] = m as unknown as [string, string, string];
    const eq = piece.indexOf('=');
    const name = decode(eq === -1 ? piece : piece.slice(0, eq)).slice(0, 40);
    const value = eq === -1 ? '' : decode(piece.slice(eq + 1));
    separators.push(sep);
    params.push(name);
    if (name === 'code' && code === undefined) code = value;
    if (name === 'authorized' && /^(true|false)$/.test(value)) authorized = value;
    template += `${sep}${name}${eq === -1 ? '' : `=<${value.length}>`}`;
  }
  return { code, shape: { template, separators, params, encodedDelimiters, authorized } };
}

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>Probe</title><p>Securitize sent you back. The probe goes on in the terminal; you can close this tab.</p>';

/**
 * Binds `port` (the BFF's, so PUBLIC_URL's callback reaches it through the same front door) and
 * waits for the browser's return to `sentPath`; resolves with its raw URL, or rejects after
 * `timeoutMs`. Any other request is answered 404 and the wait goes on.
 */
export function awaitCallback(
  port: number,
  timeoutMs: number,
  /** Our redirect path (`/callback/<state>`): anything else is not this login's return. */
  sentPath: string,
  onListening: (port: number) => void = () => undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const server = createServer((req, res) => {
      const url = req.url ?? '';
      // Our state, plain or with Securitize's parameters after it (`?`, `&`, or percent-encoded).
      if (
        req.method !== 'GET' ||
        !url.startsWith(sentPath) ||
        /^[A-Za-z0-9_-]/.test(url.slice(sentPath.length))
      ) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Only the login probe listens here.\n');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(PAGE);
      done(() => resolve(url));
    });
    const done = (then: () => void) => {
      clearTimeout(timer);
      server.close();
      server.closeAllConnections();
      then();
    };
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `PORT ${port} is in use: stop the BFF while the probe runs (it takes the BFF's place behind the front door)`
            : `cannot listen on PORT ${port} (${err.code ?? err.message})`,
        ),
      ),
    );
    server.listen(port, () => {
      const at = server.address();
      onListening(typeof at === 'object' && at ? at.port : port);
      timer = setTimeout(
        () => done(() => reject(new Error(`no browser came back within ${Math.round(timeoutMs / 1000)} s`))),
        timeoutMs,
      );
    });
  });
}
