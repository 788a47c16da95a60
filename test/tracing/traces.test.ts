import { createHash } from 'node:crypto';
import request from 'supertest';
import { SEEDED } from '../../src/simulator';
import { SEED_INVESTORS } from '../../src/simulator/fixtures';
import { BffProcess, startBffProcess } from '../helpers/bff-process';
import {
  ENCRYPTION_KEYS,
  Harness,
  loginAs,
  processEnv,
  SECRET,
  SESSION_SECRET,
  sidOf,
  startHarness,
  stateOf,
  storedSession,
} from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { startUpstream } from '../helpers/upstream';
import { policyFile, signingKey } from '../helpers/vouch';
import { OtlpReceiver, startOtlpReceiver } from './otlp-receiver';
import type { Span } from './otlp-decode';
import { HTTP_SCOPE, KIND, parseTraceparent, REDIS_SCOPE, serverSpan, STATUS, treeOf } from './trace-tree';

/**
 * The real server process with tracing on, sending to an OTLP receiver inside the test, once per
 * protocol: a login, an API call that needs a refresh (and one that waits for another's refresh),
 * a Redis outage and an app-API proxy forward, each read back as the span tree an operator would see.
 */
describe.each(['http/protobuf', 'http/json'])('traces over OTLP %s', (protocol) => {
  let redis: RedisChild;
  let h: Harness;
  let bff: BffProcess;
  let rx: OtlpReceiver;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  /** Everything the run must never export: filled as the scenarios make them. */
  const secrets = new Map<string, string>();
  const keep = (what: string, value: string | undefined | null) => {
    if (value) secrets.set(value, what);
  };
  const own = { 'X-CSRF': '1', Origin: 'http://app.test' };
  let cookie: string;

  const send = (method: 'get', path: string, headers: Record<string, string> = {}) =>
    request(bff.url)[method](path).set(headers).redirects(0);
  const api = (path: string, headers: Record<string, string> = {}) =>
    request(bff.url)
      .get(path)
      .set({ Cookie: cookie, ...own, ...headers });
  /** The trace of the newest server span with this name, once it and `ready` have arrived. */
  async function traceOf(name: string, ready: (t: ReturnType<typeof treeOf>) => boolean = () => true) {
    let tree: ReturnType<typeof treeOf> | undefined;
    await rx.waitFor((all) => {
      const root = serverSpan(all, name);
      tree = root && treeOf(all, root.traceId);
      return !!tree && ready(tree);
    });
    return tree!;
  }

  beforeAll(async () => {
    redis = await startRedisServer();
    h = await startHarness({ redis });
    rx = await startOtlpReceiver();
    upstream = await startUpstream();
    bff = await startBffProcess(
      processEnv(h, redis, {
        OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        // Empty, as the compose file passes every variable it does not set: it counts as unset.
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: '',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
        OTEL_BSP_MAX_QUEUE_SIZE: '',
        OTEL_BSP_SCHEDULE_DELAY: '50',
        RATE_LIMIT_API: '0',
        ASSERTION_SIGNING_KEYS: signingKey('t1'),
        POLICY_FILE: policyFile(`
policies:
  verified: { verified: true }
apis:
  - { prefix: /app-api/orders, upstream: "${upstream.url}/v1", policy: verified }
`),
      }),
    );
    for (const [what, value] of [
      ['the client secret', SECRET],
      ['the session secret', SESSION_SECRET],
      ['the token encryption key', ENCRYPTION_KEYS.slice(3)],
    ])
      keep(what!, value);
  }, 30_000);
  afterAll(async () => {
    await bff.kill();
    await rx.close();
    await upstream.close();
    await h.close();
    await redis.close();
  });

  it('says at start-up where spans go', async () => {
    const line = `"event":"tracing_on","protocol":"${protocol}","endpoint":"${rx.url}"`;
    const deadline = Date.now() + 5000;
    while (!bff.output().includes(line) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(bff.output()).toContain(line);
    // No complaint from the SDK (an instrumentation that found its module loaded too early says so).
    expect(bff.output()).not.toMatch(/^Tracing: /m);
  });

  it('health probes get no span', async () => {
    expect((await request(bff.url).get('/healthz')).status).toBe(200);
    expect((await request(bff.url).get('/readyz')).status).toBe(200);
    // The next request's span arrives; the probes' never do.
    expect((await request(bff.url).get('/nowhere/123')).status).toBe(404);
    const spans = await rx.waitFor((all) => serverSpan(all, 'GET') !== undefined);
    expect(spans.filter((s) => /healthz|readyz/.test(s.name))).toEqual([]);
    expect(spans.filter((s) => s.scope === REDIS_SCOPE && s.name === 'ping')).toEqual([]);
  });

  it('a login: /login and the callback, the token exchange and its HTTP call, Redis commands; traceparent reached Securitize; log lines carry the ids', async () => {
    h.sim.control.clearCalls();
    const login = await loginAs(send, h.simUrl, SEEDED.verified, h.config, {});
    expect(login.callback.status).toBe(303);
    cookie = login.cookie!;
    keep('the authorization code', login.code);
    keep('the state', stateOf(login.login.headers.location));
    keep('the session cookie', cookie.split('=')[1]);
    keep('the session id', sidOf(cookie));
    keep('the transaction cookie', login.txCookie.split('=')[1]);

    const start = await traceOf('GET /login', (t) => t.spans.some((s) => s.scope === REDIS_SCOPE));
    const loginSpan = start.one('GET /login');
    expect(loginSpan.attributes['http.route']).toBe('/login');
    expect(loginSpan.attributes['http.response.status_code']).toBe(302);
    for (const r of start.spans.filter((s) => s.scope === REDIS_SCOPE)) {
      expect(r.kind).toBe(KIND.client);
      expect(start.parentOf(r)).toBe(loginSpan);
      expect(r.attributes['db.query.text']).toBe(r.name);
    }

    const t = await traceOf('GET /callback{*rest}', (x) => x.spans.some((s) => s.scope === HTTP_SCOPE));
    const root = t.one('GET /callback{*rest}');
    expect(root.kind).toBe(KIND.server);
    expect(root.parentSpanId).toBe('');
    expect(root.attributes['http.response.status_code']).toBe(303);
    expect(root.status.code).toBe(STATUS.unset);
    // The investor as the logs name it: a hash of the id, never the id.
    expect(root.attributes['bff.investor']).toBe(
      createHash('sha256').update(SEEDED.verified).digest('base64url').slice(0, 16),
    );
    const exchange = t.one('securitize token exchange');
    expect(t.parentOf(exchange)).toBe(root);
    expect(exchange.attributes).toMatchObject({
      'securitize.endpoint': 'oauth2.authorize',
      'securitize.outcome': 'ok',
      'http.response.status_code': 200,
    });
    const [post] = t.childrenOf(exchange);
    expect(post).toMatchObject({ scope: HTTP_SCOPE, kind: KIND.client, name: 'POST' });
    expect(post!.attributes['url.full']).toBe(
      `${h.simUrl}/v1/${h.config.securitize.clientId}/oauth2/authorize`,
    );
    // The session is written inside the callback's trace.
    expect(t.spans.filter((s) => s.scope === REDIS_SCOPE).length).toBeGreaterThan(0);
    expect(t.orphans()).toEqual([]);

    const call = h.sim.control.calls().find((c) => c.path.endsWith('/oauth2/authorize'))!;
    expect(parseTraceparent(call.headers.traceparent)).toEqual({
      traceId: root.traceId,
      parentId: post!.spanId,
    });

    const success = bff
      .output()
      .split('\n')
      .find((l) => l.includes('"event":"login_success"'));
    expect(JSON.parse(success!)).toMatchObject({ trace_id: root.traceId, span_id: root.spanId });
    const access = bff
      .output()
      .split('\n')
      .filter((l) => l.includes('"event":"http_request"') && l.includes('"path":"/callback'));
    expect(access.map((l) => JSON.parse(l).trace_id)).toContain(root.traceId);
  });

  it('an API call whose access token Securitize refuses: the 401, the refresh under the lock, the retry', async () => {
    h.sim.control.expireAccessTokens();
    h.sim.control.clearCalls();
    const res = await api('/api/investor');
    expect(res.status).toBe(200);
    const t = await traceOf('GET /api/investor', (x) => x.named('securitize investor').length === 2);
    const root = t.one('GET /api/investor');
    expect(root.attributes['http.route']).toBe('/api/investor');
    const [refused, retried] = t
      .named('securitize investor')
      .sort((a, b) =>
        a.attributes['http.response.status_code']! > b.attributes['http.response.status_code']! ? -1 : 1,
      );
    expect(refused!.attributes).toMatchObject({
      'http.response.status_code': 401,
      'securitize.outcome': 'unauthorized',
    });
    expect(refused!.status.code).toBe(STATUS.unset);
    expect(retried!.attributes).toMatchObject({
      'http.response.status_code': 200,
      'securitize.outcome': 'ok',
    });
    const refresh = t.one('refresh');
    expect(t.parentOf(refresh)).toBe(root);
    const upstreamRefresh = t.one('securitize refresh');
    expect(t.parentOf(upstreamRefresh)).toBe(refresh);
    expect(upstreamRefresh.attributes['securitize.outcome']).toBe('ok');
    // The new pair is persisted inside the refresh span.
    expect(t.childrenOf(refresh).some((s) => s.scope === REDIS_SCOPE)).toBe(true);
    expect(t.orphans()).toEqual([]);
    for (const c of h.sim.control.calls()) {
      expect(parseTraceparent(c.headers.traceparent)?.traceId).toBe(root.traceId);
      keep('an access token', c.headers['access-token'] as string);
      keep('a refresh token', (c.body as { refreshToken?: string } | undefined)?.refreshToken);
    }
  });

  it('a request that waits for another instance’s refresh: the lock wait, then its own refresh', async () => {
    const lock = `lock:{sess:${sidOf(cookie)}}`;
    await redis.admin.set(lock, 'another-instance', 'PX', 5000);
    h.sim.control.expireAccessTokens();
    h.sim.control.clearCalls();
    const pending = api('/api/investor').then((r) => r);
    // Securitize refused the token: the BFF is at the lock now. Let it wait a little, then free it.
    const deadline = Date.now() + 10_000;
    while (!h.sim.control.calls().some((c) => c.path.endsWith('/investor')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    await redis.admin.del(lock);
    expect((await pending).status).toBe(200);
    const t = await traceOf('GET /api/investor', (x) => x.named('refresh lock wait').length === 1);
    const root = t.one('GET /api/investor');
    const wait = t.one('refresh lock wait');
    expect(t.parentOf(wait)).toBe(root);
    expect(wait.attributes['bff.refresh.wait']).toBe('lock_acquired');
    // Its polls are its own children.
    expect(t.childrenOf(wait).filter((s) => s.scope === REDIS_SCOPE).length).toBeGreaterThan(0);
    expect(t.parentOf(t.one('refresh'))).toBe(root);
  });

  it('a Redis outage: the 503, its error code, and the command that timed out', async () => {
    redis.freeze();
    try {
      const res = await api('/api/me');
      expect(res.status).toBe(503);
    } finally {
      redis.thaw();
    }
    const t = await traceOf('GET /api/me', (x) => x.spans.some((s) => s.scope === REDIS_SCOPE));
    const root = t.one('GET /api/me');
    expect(root.status.code).toBe(STATUS.error);
    expect(root.attributes['http.response.status_code']).toBe(503);
    expect(root.attributes['bff.error_code']).toBe(res503Code);
    const commands = t.spans.filter((s) => s.scope === REDIS_SCOPE);
    expect(commands.every((s) => t.parentOf(s) === root)).toBe(true);
    expect(commands.some((s) => s.status.code === STATUS.error)).toBe(true);
  });

  it('an app-API proxy forward: the route by its prefix, the forward, and the backend’s traceparent (a browser’s is not passed on) (F5)', async () => {
    upstream.seen.splice(0);
    const browsers = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await api('/app-api/orders/123?token=abc', { traceparent: browsers, tracestate: 'x=y' });
    expect(res.status).toBe(200);
    const t = await traceOf('GET /app-api/orders/*', (x) =>
      x.spans.some((s) => s.scope === HTTP_SCOPE && s.name === 'GET'),
    );
    const root = t.one('GET /app-api/orders/*');
    expect(root.traceId).not.toBe(parseTraceparent(browsers)!.traceId);
    const forward = t.one('app-api forward');
    expect(t.parentOf(forward)).toBe(root);
    expect(forward.attributes).toMatchObject({
      'bff.app_api.prefix': '/app-api/orders',
      'bff.app_api.outcome': 'answered',
      'http.response.status_code': 200,
    });
    const out = t.childrenOf(forward).find((s) => s.scope === HTTP_SCOPE)!;
    expect(out.attributes['url.full']).toBe(`${upstream.url}/v1/123`);
    const seen = upstream.seen.at(-1)!;
    expect(parseTraceparent(seen.headers.traceparent)).toEqual({
      traceId: root.traceId,
      parentId: out.spanId,
    });
    expect(seen.headers.tracestate).toBeUndefined();
    keep('the investor assertion', String(seen.headers.authorization).replace(/^Bearer /, ''));
  });

  it('a browser’s traceparent does not join its trace (TRUST_PROXY=0) (F5)', async () => {
    const theirs = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect((await api('/api/me', { traceparent: theirs })).status).toBe(200);
    const t = await traceOf('GET /api/me', (x) => x.one('GET /api/me').status.code === STATUS.unset);
    const root = t.one('GET /api/me');
    expect(root.traceId).not.toBe(parseTraceparent(theirs)!.traceId);
    expect(root.parentSpanId).toBe('');
  });

  it('concurrent requests keep their own Redis spans, though ioredis batches their commands', async () => {
    rx.clear();
    const n = 40;
    const answers = await Promise.all(Array.from({ length: n }, () => api('/api/me')));
    expect(answers.map((r) => r.status)).toEqual(Array(n).fill(200));
    const all = await rx.waitFor(
      (s) =>
        s.filter((x) => x.name === 'GET /api/me').length === n &&
        s.filter((x) => x.scope === REDIS_SCOPE).length >= n,
    );
    for (const root of all.filter((s) => s.name === 'GET /api/me')) {
      const t = treeOf(all, root.traceId);
      const commands = t.spans.filter((s) => s.scope === REDIS_SCOPE);
      expect(commands.length).toBeGreaterThan(0);
      expect(commands.every((s) => s.parentSpanId === root.spanId)).toBe(true);
    }
  });

  it('no exported byte holds a token, a code, a state, a cookie, a secret, a session id, an assertion or investor data (F4)', async () => {
    const stored = await storedSession(redis.admin, cookie);
    keep('the stored access token', stored?.accessToken);
    keep('the stored refresh token', stored?.refreshToken);
    const investor = SEED_INVESTORS.find((i) => i.profile.investorId === SEEDED.verified)!;
    keep('the investor id', SEEDED.verified);
    keep('the investor’s email', investor.profile.email);
    keep('the investor’s name', investor.profile.fullName);
    keep('the investor’s last name', investor.profile.details?.lastName as string);
    expect(secrets.size).toBeGreaterThanOrEqual(15);
    expect(rx.received.length).toBeGreaterThan(0);
    expect(rx.problems).toEqual([]);
    const found: string[] = [];
    for (const { raw } of rx.received)
      for (const [value, what] of secrets) if (raw.includes(Buffer.from(value))) found.push(what);
    expect([...new Set(found)]).toEqual([]);
    // Query strings never leave: the gateway's `?token=abc` was cut off.
    expect(rx.received.some(({ raw }) => raw.includes(Buffer.from('token=abc')))).toBe(false);
    expect(rx.spans().every((s: Span) => s.resource['service.name'] === 'securitize-id-bff')).toBe(true);
  });
});

const res503Code = 'session_store_unavailable';
