import http from 'node:http';
import net from 'node:net';
import { startHarness, Harness } from '../helpers/harness';
import { SEEDED } from '../../src/simulator';
import { policyFile, signingKey } from '../helpers/vouch';
import { startUpstream } from '../helpers/upstream';

/** The gateway against hostile browsers and broken backends: framing, headers both ways, answers cut short. */
let h: Harness;
let up: Awaited<ReturnType<typeof startUpstream>>;
let cookie: string;
beforeAll(async () => {
  up = await startUpstream((r, res) => {
    if (r.url.startsWith('/cut')) {
      // Promises 100 bytes, sends 9, and goes away.
      res.writeHead(200, { 'content-length': '100' });
      res.write('only part');
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      connection: 'keep-alive, x-secret',
      'x-secret': 'hop',
      'keep-alive': 'timeout=5',
      'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'],
    });
    res.end('{"ok":true}');
  });
  h = await startHarness({
    env: {
      ASSERTION_SIGNING_KEYS: signingKey('h1'),
      POLICY_FILE: policyFile(`apis:\n  - { prefix: /app-api/x, upstream: "${up.url}", policy: null }\n`),
    },
  });
  cookie = (await h.login(SEEDED.verified)).cookie!;
});
afterAll(async () => {
  await h.close();
  await up.close();
});
beforeEach(() => void up.seen.splice(0));

/** One request written by hand on a fresh socket; resolves with everything the BFF sent before it closed. */
function raw(lines: string[], body = ''): Promise<string> {
  const { port } = new URL(h.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () =>
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`),
    );
    let out = '';
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (d) => (out += d.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

test('a DELETE or OPTIONS with a chunked body is refused: the upstream could not frame it (no smuggled request)', async () => {
  const smuggled = 'GET /admin HTTP/1.1\r\nHost: x\r\nX-Investor-Id: someone\r\nContent-Length: 0\r\n\r\n';
  const chunk = `${smuggled.length.toString(16)}\r\n${smuggled}\r\n0\r\n\r\n`;
  for (const method of ['DELETE', 'OPTIONS']) {
    const answer = await raw(
      [
        `${method} /app-api/x/item HTTP/1.1`,
        'Host: bff.test',
        `Cookie: ${cookie}`,
        'X-CSRF: 1',
        'Transfer-Encoding: chunked',
        'Connection: close',
      ],
      chunk,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('"error":"invalid_request"');
  }
  expect(up.seen).toEqual([]);
});

test("the browser's method overrides, rewrite headers and underscore spellings of dropped headers never reach the upstream", async () => {
  const answer = await raw([
    'POST /app-api/x/orders HTTP/1.1',
    'Host: bff.test',
    `Cookie: ${cookie}`,
    'X-CSRF: 1',
    'Content-Length: 0',
    'X-HTTP-Method-Override: DELETE',
    'X-Method-Override: DELETE',
    'X-Original-URL: /admin',
    'X-Rewrite-URL: /admin',
    'X_Investor_Id: someone',
    'X_Forwarded_For: 6.6.6.6',
    'True-Client-IP: 6.6.6.6',
    'Connection: close',
  ]);
  expect(answer).toMatch(/^HTTP\/1\.1 200/);
  const sent = Object.keys(up.seen[0]!.headers);
  for (const name of [
    'x-http-method-override',
    'x-method-override',
    'x-original-url',
    'x-rewrite-url',
    'x_investor_id',
    'x_forwarded_for',
    'true-client-ip',
  ])
    expect(sent).not.toContain(name);
});

test("the upstream's hop-by-hop headers and cookies never reach the browser, and a browser's Connection: close is honoured", async () => {
  const answer = await raw([
    'GET /app-api/x/ok HTTP/1.1',
    'Host: bff.test',
    `Cookie: ${cookie}`,
    'X-CSRF: 1',
    'Connection: close',
  ]);
  const head = answer.split('\r\n\r\n')[0]!.toLowerCase();
  expect(head).toMatch(/^http\/1\.1 200/);
  expect(head).not.toContain('x-secret');
  expect(head).not.toContain('keep-alive');
  expect(head).not.toContain('set-cookie');
  expect(head).toContain('connection: close');
});

test('an upstream that goes away mid-answer ends the browser’s answer too, at once', async () => {
  const started = Date.now();
  const outcome = await new Promise<string>((resolve) => {
    const { hostname, port } = new URL(h.url);
    const req = http.get(
      { hostname, port, path: '/app-api/x/cut', headers: { Cookie: cookie, 'X-CSRF': '1' } },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('ended'));
        res.on('error', () => resolve('aborted'));
        res.on('aborted', () => resolve('aborted'));
      },
    );
    req.on('error', () => resolve('aborted'));
  });
  expect(outcome).toBe('aborted');
  expect(Date.now() - started).toBeLessThan(3000);
  expect(h.logs.join('\n')).toContain('"event":"upstream_aborted"');
});
