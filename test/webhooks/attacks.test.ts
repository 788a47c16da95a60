import http from 'node:http';
import request from 'supertest';
import { SEEDED } from '../../src/simulator';
import { Harness, startHarness } from '../helpers/harness';
import { rawExchange } from '../helpers/raw-client';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { waitFor } from '../helpers/wait-for';
import {
  deliver,
  investorLike,
  keyPair,
  kycEvent,
  SIGNATURE_HEADER,
  signBody,
  startDomainApi,
  TOKEN,
  webhookEnv,
} from './helpers';

/**
 * The webhook path under attack: wrong, short and missing tokens, bad and missing signatures,
 * oversized and badly framed bodies, replays and a flood. Each is answered without a crash, costs
 * a bounded number of calls to Securitize and the Domain API, and leaves the token nowhere.
 */
let redis: RedisChild;
let domainApi: Awaited<ReturnType<typeof startDomainApi>>;
let h: Harness;
let report: Harness;
const keys = keyPair('ec');
const PATH = `/webhooks/securitize/${TOKEN}`;

beforeAll(async () => {
  redis = await startRedisServer();
  domainApi = await startDomainApi('key-1:domain-secret-5f2b');
  h = await startHarness({ redis, env: webhookEnv(domainApi.url, keys.publicPem) });
  report = await startHarness({
    redis,
    env: webhookEnv(domainApi.url, keys.publicPem, { SECURITIZE_WEBHOOK_SIGNATURE: 'report' }),
    shareSimulatorOf: h,
  });
});
afterAll(async () => {
  await report.close();
  await h.close();
  await domainApi.close();
  await redis.close();
});

const metric = async (hh: Harness, pattern: RegExp) =>
  Number(pattern.exec(await hh.metrics.registry.metrics())?.[1] ?? 0);
const securitizeCalls = () => h.sim.control.calls().length;
const body = kycEvent('ext-attack');

test('a wrong, one-character-short or missing token: the 404 of any unknown path, counted', async () => {
  const unknown = await request(h.url).post('/no-such-path').send('{}');
  const paths = [
    `/webhooks/securitize/${TOKEN.slice(0, -1)}`,
    `/webhooks/securitize/${TOKEN}x`,
    `/webhooks/securitize/${TOKEN.slice(0, -1)}A`,
    '/webhooks/securitize/',
    '/webhooks/securitize',
    `/webhooks/securitize/${TOKEN}/more`,
  ];
  const before = await metric(h, /bff_refused_total\{kind="webhook_token"\} (\d+)/);
  for (const p of paths) {
    const res = await deliver(h.url, body, keys.privateKey, p);
    expect([p, res.status, res.body.error, res.body.message]).toEqual([
      p,
      404,
      unknown.body.error,
      unknown.body.message,
    ]);
  }
  expect(await metric(h, /bff_refused_total\{kind="webhook_token"\} (\d+)/)).toBe(before + paths.length);
  // Another method on the right path is an unknown path too.
  expect((await request(h.url).get(PATH)).status).toBe(404);
});

test('enforce: a bad or missing signature is 401 and counted; the body is not acted on', async () => {
  const calls = domainApi.state.calls;
  const other = keyPair('ec');
  const cases: Array<Record<string, string>> = [
    {},
    { [SIGNATURE_HEADER]: signBody(body, other.privateKey) },
    { [SIGNATURE_HEADER]: signBody(`${body} `, keys.privateKey) },
    { [SIGNATURE_HEADER]: 'not base64 at all!' },
    { [SIGNATURE_HEADER]: '' },
  ];
  for (const headers of cases) {
    const res = await request(h.url)
      .post(PATH)
      .set({ 'content-type': 'application/json', ...headers })
      .send(body);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('signature_invalid');
  }
  expect(domainApi.state.calls).toBe(calls);
  expect(await metric(h, /bff_refused_total\{kind="webhook_signature"\} (\d+)/)).toBe(cases.length);
  expect(await metric(h, /bff_webhook_signature_total\{result="missing"\} (\d+)/)).toBe(2);
});

test('report: a bad signature is logged and counted, and the delivery is taken', async () => {
  const res = await request(report.url)
    .post(PATH)
    .set({ 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody('other', keys.privateKey) })
    .send(body);
  expect(res.status).toBe(200);
  expect(await metric(report, /bff_webhook_signature_total\{result="invalid"\} (\d+)/)).toBe(1);
  expect(report.logs.some((l) => l.includes('"webhook_signature"') && l.includes('"report"'))).toBe(true);
});

test('bodies over 16 KB: 413, also chunked or only announced; a lying Content-Length does not stall the server', async () => {
  const big = JSON.stringify({ eventType: 'x', pad: 'a'.repeat(16 * 1024) }).slice(0, 16 * 1024 + 1);
  expect((await deliver(h.url, big, keys.privateKey)).status).toBe(413);
  const head = `POST ${PATH} HTTP/1.1\r\nHost: bff.test\r\nContent-Type: application/json\r\n`;
  const chunk = `2000\r\n${'a'.repeat(0x2000)}\r\n`;
  const chunked = await rawExchange(h.url, [
    `${head}Transfer-Encoding: chunked\r\n\r\n`,
    chunk,
    chunk,
    chunk,
    '0\r\n\r\n',
  ]);
  expect(chunked.answers[0]?.status).toBe(413);
  // Promise more than the limit: 413 before a byte of the body is read, and the connection closed.
  const announced = await rawExchange(h.url, `${head}Content-Length: 100000\r\n\r\n{}`, { idleMs: 5000 });
  expect([announced.answers[0]?.status, announced.answers[0]?.headers.connection, announced.closed]).toEqual([
    413,
    'close',
    true,
  ]);
  // Promise more than is sent, within the limit, and wait: that connection waits alone, and
  // everyone else is served meanwhile.
  const lying = rawExchange(h.url, `${head}Content-Length: 100\r\n\r\n{}`, { idleMs: 800 });
  expect((await request(h.url).get('/healthz')).status).toBe(200);
  expect((await deliver(h.url, kycEvent('nobody'), keys.privateKey)).status).toBe(200);
  expect((await lying).answers).toEqual([]);
  expect((await deliver(h.url, '{"eventType":', keys.privateKey)).status).toBe(400);
});

test('a burst of 100 identical deliveries: one is acted on, 99 are duplicates; at most 10 Securitize and 10 Domain API calls', async () => {
  const id = 'e1e2e3e4e5e6e7e8e9e0f1f2';
  h.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  domainApi.link('ext-burst', id);
  await h.login(id);
  const burst = kycEvent('ext-burst');
  const [sec, dom] = [securitizeCalls(), domainApi.state.calls];
  const rechecks = () => metric(h, /bff_kyc_rechecks_total\{outcome="fetched"\} (\d+)/);
  const r0 = await rechecks();
  const answers = await Promise.all(
    Array.from({ length: 100 }, () => deliver(h.url, burst, keys.privateKey)),
  );
  expect(answers.every((a) => a.status === 200)).toBe(true);
  expect(
    await metric(h, /bff_webhooks_total\{event="domain-investor-kyc-update",outcome="duplicate"\} (\d+)/),
  ).toBe(99);
  await waitFor('the recheck', 10_000, async (seen) => {
    const n = await rechecks();
    seen(String(n));
    return n >= r0 + 1 ? n : undefined;
  });
  const figures = { securitize: securitizeCalls() - sec, domainApi: domainApi.state.calls - dom };
  console.log(`burst of 100 identical deliveries: ${JSON.stringify(figures)}`);
  expect(figures.securitize).toBeLessThanOrEqual(10);
  expect(figures.domainApi).toBeLessThanOrEqual(10);
});

test('10,000 deliveries as fast as they can be sent: bounded calls and keys, the process serves on', async () => {
  const id = 'e1e2e3e4e5e6e7e8e9e0f1f3';
  h.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  domainApi.link('ext-flood', id);
  await h.login(id);
  const flood = kycEvent('ext-flood');
  const signature = signBody(flood, keys.privateKey);
  const [sec, dom, keysBefore] = [securitizeCalls(), domainApi.state.calls, await h.redis.dbsize()];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const { port } = new URL(h.url);
  const post = () =>
    new Promise<number>((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: PATH,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(flood);
    });
  const started = Date.now();
  let sent = 0;
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (sent < 10_000) {
        sent += 1;
        const s = await post();
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
    }),
  );
  agent.destroy();
  const seconds = (Date.now() - started) / 1000;
  const figures = {
    seconds,
    statuses: Object.fromEntries(statuses),
    securitize: securitizeCalls() - sec,
    domainApi: domainApi.state.calls - dom,
    newKeys: (await h.redis.dbsize()) - keysBefore,
  };
  console.log(`10,000 deliveries: ${JSON.stringify(figures)}`);
  expect(statuses.get(200)).toBe(10_000);
  expect(figures.domainApi).toBeLessThanOrEqual(1);
  // A recheck per second at most, each one profile call (and a refresh now and then).
  expect(figures.securitize).toBeLessThanOrEqual(3 * Math.ceil(seconds) + 3);
  expect(figures.newKeys).toBeLessThanOrEqual(5);
  expect((await request(h.url).get('/healthz')).status).toBe(200);
}, 120_000);

test('the token is in no log line, and the path is written /webhooks/securitize/…', () => {
  const all = h.logs.join('\n') + report.logs.join('\n');
  expect(all).not.toContain(TOKEN);
  expect(all).not.toContain(TOKEN.slice(0, 20));
  expect(all).toContain('"path":"/webhooks/securitize/…"');
});
