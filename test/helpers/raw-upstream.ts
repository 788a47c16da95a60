import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { parseRequests } from './http-parse';

/** One TCP connection the upstream accepted: every byte it received, in order. */
export interface RawConnection {
  bytes: Buffer;
  /** How many requests it answered on this connection. */
  answered: number;
  /** Set when the strict parser refused what came. */
  error?: string;
  /** The BFF closed or cut the connection (an unfinished message may then remain). */
  closed: boolean;
}

/**
 * An app backend that speaks HTTP/1.1 over a raw socket and keeps every byte of every connection,
 * so a test can check that the bytes are exactly the framed messages the BFF meant to send. It
 * answers each request it reads strictly with 200 and keeps the connection alive (as a Node server
 * does, `Keep-Alive: timeout=5`); whatever the strict reading refuses gets a 400 and a close.
 */
export async function startRawUpstream() {
  const connections: RawConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const c: RawConnection = { bytes: Buffer.alloc(0), answered: 0, closed: false };
    connections.push(c);
    socket.on('data', (d: Buffer) => {
      c.bytes = Buffer.concat([c.bytes, d]);
      const parsed = parseRequests(c.bytes, 'strict');
      for (const m of parsed.messages.slice(c.answered)) {
        c.answered++;
        const body = JSON.stringify({ method: m.method, target: m.target, bytes: m.body.length });
        const head = [
          'HTTP/1.1 200 OK',
          'Content-Type: application/json',
          `Content-Length: ${body.length}`,
          'Connection: keep-alive',
          'Keep-Alive: timeout=5',
          '',
          '',
        ].join('\r\n');
        socket.write(m.method === 'HEAD' ? head : head + body);
      }
      if (parsed.error && !c.error) {
        c.error = parsed.error;
        socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      c.closed = true;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    /** Forgets what was recorded and closes the connections the BFF keeps in its pool. */
    reset() {
      connections.splice(0);
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
