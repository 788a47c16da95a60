import http from 'node:http';
import { AddressInfo } from 'node:net';

/** Hop-by-hop headers (RFC 9110 §7.6.1) apply to one connection and are not forwarded. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
];
function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = { ...headers };
  for (const h of HOP_BY_HOP) delete out[h];
  return out;
}

/** One proxied request: which target (index into targets) got it. */
export interface Served {
  method: string;
  path: string;
  target: number;
}

/**
 * An HTTP-level round-robin load balancer on 127.0.0.1 for multi-instance tests: each *request*
 * (not each connection, so keep-alive clients are spread too) goes to the next target in turn.
 * Method, path, headers (Host and Cookie included) and body pass through unchanged, and status,
 * headers (every Set-Cookie) and body come back; no X-Forwarded-* headers are added. counts[i] is
 * the number of requests sent to targets[i]; `served` lists them in order. An unreachable target
 * answers 502.
 */
export async function startRoundRobinProxy(
  targets: { host: string; port: number }[],
): Promise<{ port: number; stop(): Promise<void>; counts: number[]; served: Served[] }> {
  if (targets.length === 0) throw new Error('startRoundRobinProxy: no targets');
  const counts = targets.map(() => 0);
  const served: Served[] = [];
  const agent = new http.Agent({ keepAlive: true });
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next;
    next = (next + 1) % targets.length;
    counts[i]!++;
    served.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, target: i });
    const { host, port } = targets[i]!;
    const headers = endToEnd(req.headers);
    const upstream = http.request({ host, port, method: req.method, path: req.url, headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.statusMessage, endToEnd(up.headers));
      up.pipe(res);
    });
    upstream.on('error', (e) => {
      if (res.headersSent) res.destroy(e);
      else res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${host}:${port}: ${e.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    counts,
    served,
    async stop() {
      const closed = new Promise((r) => server.close(r));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}
