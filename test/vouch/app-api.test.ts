import http from 'node:http';
import net from 'node:net';
import request from 'supertest';
import { startHarness, Harness } from '../helpers/harness';
import { SEEDED } from '../../src/simulator';
import { policyFile, signingKey, verifyAssertion } from '../helpers/vouch';
import { startUpstream } from '../helpers/upstream';

type Upstream = Awaited<ReturnType<typeof startUpstream>>;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('the app-API gateway', () => {
  let h: Harness;
  let up: Upstream;
  let slow: Upstream;
  let verified: string;
  let processing: string;
  const own = { 'X-CSRF': '1', Origin: 'http://app.test' };

  beforeAll(async () => {
    up = await startUpstream();
    slow = await startUpstream((_r, res) => setTimeout(() => res.end('late'), 4000).unref());
    const down = await closedPort();
    h = await startHarness({
      env: {
        ASSERTION_SIGNING_KEYS: signingKey('g1'),
        POLICY_FILE: policyFile(`
policies:
  verified: { verified: true }
apis:
  - { prefix: /app-api/orders, upstream: "${up.url}/v1", methods: [GET, POST], policy: verified }
  - { prefix: /app-api/open, upstream: "${up.url}/open/", policy: null, audience: open-service }
  - { prefix: /app-api/small, upstream: "${up.url}/small", policy: null, maxBodyBytes: 1000 }
  - { prefix: /app-api/slow, upstream: "${slow.url}", policy: null, timeoutSeconds: 1 }
  - { prefix: /app-api/down, upstream: "http://127.0.0.1:${down}", policy: null }
`),
      },
    });
    verified = (await h.login(SEEDED.verified)).cookie!;
    processing = (await h.login(SEEDED.processing)).cookie!;
  });
  afterAll(async () => {
    await h.close();
    await up.close();
    await slow.close();
  });
  beforeEach(() => void up.seen.splice(0));

  test("the upstream gets the assertion, the path after the prefix and the query, and none of the browser's credentials or claims", async () => {
    const res = await request(h.url)
      .get('/app-api/orders/123/items?status=open&x=%2F')
      .set({
        ...own,
        Cookie: `${verified}; other=1`,
        Authorization: 'Basic dXNlcjpwYXNz',
        'X-Investor-Id': 'someone-else',
        'X-Investor-Assertion': 'forged',
        'X-Forwarded-For': '6.6.6.6',
        'X-Forwarded-Host': 'evil.test',
        Forwarded: 'for=6.6.6.6',
        Connection: 'x-hop',
        'X-Hop': 'secret',
      });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(up.seen).toHaveLength(1);
    const seen = up.seen[0]!;
    expect(seen.url).toBe('/v1/123/items?status=open&x=%2F');
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers['x-investor-id']).toBeUndefined();
    expect(seen.headers['x-investor-assertion']).toBeUndefined();
    expect(seen.headers.forwarded).toBeUndefined();
    expect(seen.headers['x-hop']).toBeUndefined();
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-host']).toBe('bff.test');
    const [scheme, jwt] = String(seen.headers.authorization).split(' ');
    expect(scheme).toBe('Bearer');
    const { payload } = await verifyAssertion(h.url, jwt!, {
      issuer: 'http://bff.test',
      audience: 'http://app.test',
    });
    expect(payload).toMatchObject({ sub: SEEDED.verified, verified: true });
    // Never in a response on the public port, never in a log line.
    const signature = jwt!.split('.')[2]!;
    expect(JSON.stringify(res.headers) + res.text).not.toContain(signature);
    expect(h.logs.join('\n')).not.toContain(signature);
  });

  test("an entry's own audience: one backend cannot replay another's assertion", async () => {
    const res = await request(h.url)
      .get('/app-api/open')
      .set({ ...own, Cookie: verified });
    expect(res.status).toBe(200);
    expect(up.seen[0]!.url).toBe('/open');
    const jwt = String(up.seen[0]!.headers.authorization).slice(7);
    await verifyAssertion(h.url, jwt, { issuer: 'http://bff.test', audience: 'open-service' });
    await expect(
      verifyAssertion(h.url, jwt, { issuer: 'http://bff.test', audience: 'http://app.test' }),
    ).rejects.toThrow();
  });

  test('refused before anything is forwarded: no session, no X-CSRF, another origin, a policy denial, a method not listed', async () => {
    const cases: [Record<string, string>, string, string, number, string][] = [
      [own, 'get', '/app-api/orders/1', 401, 'login_required'],
      [{ Cookie: verified }, 'get', '/app-api/orders/1', 403, 'csrf_required'],
      [
        { ...own, Origin: 'https://evil.test', Cookie: verified },
        'get',
        '/app-api/orders/1',
        403,
        'forbidden_origin',
      ],
      [{ ...own, Cookie: processing }, 'get', '/app-api/orders/1', 403, 'kyc_required'],
      [{ ...own, Cookie: verified }, 'delete', '/app-api/orders/1', 405, 'method_not_allowed'],
    ];
    for (const [headers, method, path, status, error] of cases) {
      const res = await (method === 'get' ? request(h.url).get(path) : request(h.url).delete(path)).set(
        headers,
      );
      expect([path, res.status, res.body.error]).toEqual([path, status, error]);
    }
    const denied = await request(h.url)
      .get('/app-api/orders/1')
      .set({ ...own, Cookie: processing });
    expect(denied.body).toMatchObject({ reason: 'verified' });
    expect(denied.body.action).toMatch(/#\/profile\/verification\/type\?/);
    expect(up.seen).toHaveLength(0);
  });

  test("path tricks never leave the upstream's base", async () => {
    const rejected = [
      '/app-api/orders/../../api/me',
      '/app-api/orders/%2e%2e/%2e%2e/api/me',
      '/app-api/orders/..',
      '/app-api/orders/a%2fb',
      '/app-api/orders/a%5cb',
      '/app-api/orders/a\\b',
      '/app-api/orders/%zz',
      '/app-api/orders/;/..',
      '/app-api/orders/a/..;x/b',
      '/app-api/orders/a%3bb',
    ];
    for (const path of rejected) {
      // Sent as written: a URL parser on the client side would resolve the dots itself.
      const res = await rawGet(h.url, path, { ...own, Cookie: verified });
      expect([path, res.status]).toEqual([path, 400]);
      expect(JSON.parse(res.body).error).toBe('path_rejected');
    }
    expect(up.seen).toHaveLength(0);
    // Normalised inside the prefix: forwarded in its normal form.
    const ok = await request(h.url)
      .get('/APP-API/orders//a//c;v=1')
      .set({ ...own, Cookie: verified });
    expect(ok.status).toBe(200);
    expect(up.seen.map((s) => s.url)).toEqual(['/v1/a/c']);
  });

  test("the BFF's 16 KB JSON limit is its own: a larger body of any type streams through", async () => {
    const body = Buffer.alloc(200 * 1024, 'x');
    const res = await request(h.url)
      .post('/app-api/orders/upload')
      .set({ ...own, Cookie: verified, 'Content-Type': 'application/octet-stream' })
      .send(body);
    expect(res.status).toBe(200);
    expect(up.seen[0]!.bytes).toBe(body.length);
  });

  test("past the entry's maxBodyBytes: 413 and the upstream sees no request (declared length), or no complete one (chunked)", async () => {
    const declared = await request(h.url)
      .post('/app-api/small')
      .set({ ...own, Cookie: verified, 'Content-Type': 'text/plain' })
      .send('y'.repeat(1001));
    expect(declared.status).toBe(413);
    expect(declared.body.error).toBe('payload_too_large');
    const fits = await request(h.url)
      .post('/app-api/small')
      .set({ ...own, Cookie: verified, 'Content-Type': 'text/plain' })
      .send('y'.repeat(1000));
    expect(fits.status).toBe(200);
    expect(up.seen.map((s) => s.bytes)).toEqual([1000]);
    const chunked = await chunkedPost(`${h.url}/app-api/small`, { ...own, Cookie: verified }, 4, 600);
    expect(chunked).toBe(413);
    expect(up.seen.map((s) => s.bytes)).toEqual([1000]);
  });

  test('a slow upstream gives 504, a refused one 502', async () => {
    const started = Date.now();
    const late = await request(h.url)
      .get('/app-api/slow/x')
      .set({ ...own, Cookie: verified });
    expect([late.status, late.body.error]).toEqual([504, 'upstream_timeout']);
    expect(Date.now() - started).toBeLessThan(3500);
    const down = await request(h.url)
      .get('/app-api/down/x')
      .set({ ...own, Cookie: verified });
    expect([down.status, down.body.error]).toEqual([502, 'upstream_unavailable']);
  });
});

/** A GET with the path exactly as given. */
function rawGet(base: string, path: string, headers: Record<string, string>) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ hostname, port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A chunked POST of `chunks` × `size` bytes; resolves with the status, or 0 when the BFF closed the connection first. */
function chunkedPost(
  url: string,
  headers: Record<string, string>,
  chunks: number,
  size: number,
): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'text/plain' } });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    let sent = 0;
    const next = () => {
      if (sent++ === chunks) return void req.end();
      req.write(Buffer.alloc(size, 'z'), () => setTimeout(next, 5));
    };
    next();
  });
}
