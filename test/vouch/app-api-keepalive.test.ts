import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startHarness, Harness } from '../helpers/harness';
import { SEEDED } from '../../src/simulator';
import { policyFile, signingKey } from '../helpers/vouch';
import { parseRequests } from '../helpers/http-parse';

/**
 * Connection reuse never costs a request: the keep-alive race (the upstream closes a pooled
 * connection just as the BFF sends on it) is played deterministically by an upstream that answers
 * the first request on each connection and cuts the connection when a second one comes on it.
 */
interface Conn {
  requests: string[];
  closedByBff: boolean;
}

/** A raw upstream; `cutSecond`: the second request on a connection gets the connection reset. */
async function startUpstream(o: { cutSecond: boolean; keepAliveHint?: number }) {
  const conns: Conn[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const c: Conn = { requests: [], closedByBff: false };
    conns.push(c);
    let bytes = '';
    socket.on('data', (d: Buffer) => {
      bytes += d.toString('latin1');
      for (const m of parseRequests(bytes, 'strict').messages.slice(c.requests.length)) {
        c.requests.push(`${m.method} ${m.target}`);
        if (o.cutSecond && c.requests.length === 2) return void socket.resetAndDestroy();
        const hint = o.keepAliveHint ? `Keep-Alive: timeout=${o.keepAliveHint}\r\n` : '';
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n${hint}\r\nok`);
      }
    });
    socket.on('end', () => (c.closedByBff = true));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    conns,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

async function gatewayTo(upstreamUrl: string, extra = '') {
  const h = await startHarness({
    env: {
      ASSERTION_SIGNING_KEYS: signingKey('ka'),
      POLICY_FILE: policyFile(
        `apis:\n  - { prefix: /app-api/x, upstream: "${upstreamUrl}", policy: null${extra} }\n`,
      ),
    },
  });
  const cookie = (await h.login(SEEDED.verified)).cookie!;
  const send = (method: 'get' | 'delete' | 'post', path: string, body?: string) => {
    const r = request(h.url)[method](`/app-api/x${path}`).set({ Cookie: cookie, 'X-CSRF': '1' });
    return body === undefined ? r : r.set('Content-Type', 'application/json').send(body);
  };
  return { h, send };
}

describe('a pooled connection the upstream closes just as it is reused', () => {
  let up: Awaited<ReturnType<typeof startUpstream>>;
  let h: Harness;
  let send: Awaited<ReturnType<typeof gatewayTo>>['send'];
  beforeAll(async () => {
    up = await startUpstream({ cutSecond: true });
    ({ h, send } = await gatewayTo(up.url));
  });
  afterAll(async () => {
    await h.close();
    await up.close();
  });

  test('a request without a body is sent again once on a new connection: 200, never a 502', async () => {
    for (const [method, path] of [
      ['get', '/a'],
      ['delete', '/b'],
      ['get', '/c'],
      ['get', '/d'],
    ] as const)
      expect([path, (await send(method, path)).status]).toEqual([path, 200]);
    // /a opened a pooled connection; /b reused it, was cut, and went again on a connection of its
    // own; /c opened a new pooled one, which /d reused and was cut on.
    const count = (r: string) => up.conns.flatMap((c) => c.requests).filter((x) => x === r).length;
    expect([count('GET /a'), count('DELETE /b'), count('GET /c'), count('GET /d')]).toEqual([1, 2, 1, 2]);
    expect(h.logs.join('\n')).toContain('"event":"upstream_retry"');
  });

  test('a request with a body is never sent twice: 502 upstream_unavailable', async () => {
    expect((await send('get', '/prime')).status).toBe(200);
    const before = up.conns.flatMap((c) => c.requests).length;
    const res = await send('post', '/order', '{"amount":1}');
    expect([res.status, res.body.error]).toEqual([502, 'upstream_unavailable']);
    expect(up.conns.flatMap((c) => c.requests).slice(before)).toEqual(['POST /order']);
  });
});

describe('idle connections to the upstream', () => {
  test('are dropped by the BFF after keepAliveMs, before the upstream would', async () => {
    const up = await startUpstream({ cutSecond: false });
    const { h, send } = await gatewayTo(up.url, ', keepAliveMs: 200');
    try {
      expect((await send('get', '/one')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1000));
      expect(up.conns.map((c) => c.closedByBff)).toEqual([true]);
      expect((await send('get', '/two')).status).toBe(200);
      expect(up.conns).toHaveLength(2);
    } finally {
      await h.close();
      await up.close();
    }
  });

  test("follow the upstream's own Keep-Alive timeout when it is shorter (the answer header is read, not stripped first)", async () => {
    const up = await startUpstream({ cutSecond: false, keepAliveHint: 2 });
    const { h, send } = await gatewayTo(up.url, ', keepAliveMs: 60000');
    try {
      expect((await send('get', '/one')).status).toBe(200);
      // Node lets an announced timeout of 2 s go a second early: by 2.5 s the BFF has closed it.
      await new Promise((r) => setTimeout(r, 2500));
      expect(up.conns.map((c) => c.closedByBff)).toEqual([true]);
    } finally {
      await h.close();
      await up.close();
    }
  });

  test('stay open for reuse without such a hint, within keepAliveMs', async () => {
    const up = await startUpstream({ cutSecond: false });
    const { h, send } = await gatewayTo(up.url, ', keepAliveMs: 60000');
    try {
      expect((await send('get', '/one')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect((await send('get', '/two')).status).toBe(200);
      expect(up.conns.map((c) => [c.requests.length, c.closedByBff])).toEqual([[2, false]]);
    } finally {
      await h.close();
      await up.close();
    }
  });
});
