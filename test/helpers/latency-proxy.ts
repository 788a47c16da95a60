import { createConnection, createServer, Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A small unix-socket proxy between the BFF and a redis-server, adding latency to everything Redis
 * sends back. Loopback only; closes with the test.
 */
export async function startLatencyProxy(target: string) {
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const listenPath = path.join(mkdtempSync(path.join(tmpdir(), 'bff-proxy-')), 'proxy.sock');
  const server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      const send = () => client.writable && client.write(chunk);
      if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((r) => server.listen(listenPath, r));
  return {
    url: `unix://${listenPath}`,
    setDelay(ms: number) {
      delayMs = ms;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
