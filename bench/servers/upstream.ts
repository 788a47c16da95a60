import { createServer } from 'node:http';

// The app's own backend behind the gateway (S10): a bare node:http server answering a small JSON.
// Both the product and the minimal gateway forward to this one process. `/base/__echo` answers the
// headers it was sent instead, for the bench's checks (what each side forwards); it is never loaded.
const BODY = JSON.stringify({ items: [{ id: 'a1', amount: 100 }], next: null });
const server = createServer((req, res) => {
  req.resume();
  if (req.url === '/base/__echo') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify(req.headers));
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
  res.end(BODY);
});
// Longer than the pauses between the bench's runs: the keep-alive sockets both proxies hold stay open.
server.keepAliveTimeout = 120_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
