import { createServer } from 'node:http';
import type { Socket } from 'node:net';

// The app's own backend behind the gateway (S10, S13): a bare node:http server answering a small
// JSON. Both the product and the minimal app-API proxy forward to this one process. `/base/__echo` answers
// the headers it was sent instead, for the bench's checks (what each side forwards); it is never loaded.
// With TRACK_CONNECTIONS=1 (S13; S10 leaves it off, so its upstream does no more than before),
// `/__stats` answers what it saw of its connections, its own connection left out, and
// `/__stats?reset=1` also starts the counts again.
const tracking = process.env.TRACK_CONNECTIONS === '1';
const BODY = JSON.stringify({ items: [{ id: 'a1', amount: 100 }], next: null });

/** Connections and how long they sat idle between two requests, as this server saw them. */
const fresh = () => ({
  /** Connections opened. */
  connections: 0,
  requests: 0,
  /** Closed by the other side (its FIN came first): the app-API proxy's pool retired the connection. */
  closedByClient: 0,
  /** Closed by this server first: its keep-alive timeout ended an idle connection. */
  closedByServer: 0,
  /** Requests on a connection that had served one before, by how long it had been idle (ms). */
  reusedAfterIdle: { under1000: 0, under3000: 0, under4000: 0, under5000: 0, atLeast5000: 0 },
  longestIdleMs: 0,
});
let stats = fresh();
const lastAnswered = new WeakMap<Socket, number>();
const statsSockets = new WeakSet<Socket>();

function idle(socket: Socket): void {
  const last = lastAnswered.get(socket);
  if (last === undefined) return;
  const ms = performance.now() - last;
  stats.longestIdleMs = Math.max(stats.longestIdleMs, ms);
  const b = stats.reusedAfterIdle;
  if (ms < 1000) b.under1000++;
  else if (ms < 3000) b.under3000++;
  else if (ms < 4000) b.under4000++;
  else if (ms < 5000) b.under5000++;
  else b.atLeast5000++;
}

const server = createServer((req, res) => {
  req.resume();
  if (tracking && req.url?.startsWith('/__stats')) {
    if (!statsSockets.has(req.socket)) stats.connections--;
    statsSockets.add(req.socket);
    res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify(stats));
    if (req.url === '/__stats?reset=1') stats = fresh();
    return;
  }
  if (tracking) {
    stats.requests++;
    idle(req.socket);
    res.once('finish', () => lastAnswered.set(req.socket, performance.now()));
  }
  if (req.url === '/base/__echo') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify(req.headers));
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
  res.end(BODY);
});
if (tracking)
  server.on('connection', (socket: Socket) => {
    stats.connections++;
    let peerEnded = false;
    socket.once('end', () => (peerEnded = true));
    socket.once('close', () => {
      if (statsSockets.has(socket)) return;
      if (peerEnded) stats.closedByClient++;
      else stats.closedByServer++;
    });
  });
// Longer than the pauses between the bench's runs by default (S10): the keep-alive sockets both
// proxies hold stay open. KEEP_ALIVE_TIMEOUT_MS sets it; `node-default` leaves Node's own (5 s), as
// an app backend written with node:http has it (S13).
const keepAlive = process.env.KEEP_ALIVE_TIMEOUT_MS ?? '120000';
if (keepAlive !== 'node-default') server.keepAliveTimeout = Number(keepAlive);
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
