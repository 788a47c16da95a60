import { createHash } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
  sha256: string;
  /** When the first byte of the body arrived (Date.now()), 0 for none. */
  firstByteAt: number;
}

/**
 * An app backend for gateway tests: records every request it sees (headers, body size and hash,
 * never keeping the body) and answers as `answer` says.
 */
export async function startUpstream(
  answer: (req: SeenRequest, res: import('node:http').ServerResponse) => void = (_r, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'upstream=1; Path=/' });
    res.end('{"ok":true}');
  },
) {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    let firstByteAt = 0;
    req.on('data', (d: Buffer) => {
      firstByteAt ||= Date.now();
      bytes += d.length;
      hash.update(d);
    });
    req.on('end', () => {
      const r = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        bytes,
        sha256: hash.digest('hex'),
        firstByteAt,
      };
      seen.push(r);
      answer(r, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
