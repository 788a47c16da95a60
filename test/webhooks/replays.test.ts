import { SEEDED } from '../../src/simulator';
import { Harness, startHarness } from '../helpers/harness';
import { rawExchange } from '../helpers/raw-client';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { authRequest } from '../helpers/vouch';
import {
  decisionEnv,
  DOMAIN,
  deliver,
  investorLike,
  keyPair,
  kycEvent,
  startDomainApi,
  TOKEN,
  webhookEnv,
} from './helpers';

/**
 * What a token holder can make a delivery cost: a replay is a duplicate (no drop, no fetch, no
 * audit entry), drops for one investor are coalesced to one a second, unmapped and malformed
 * deliveries are one audit entry a minute, ids that are not ids reach no Domain API path, and a
 * pinned domain's others are ignored.
 */
let redis: RedisChild;
let domainApi: Awaited<ReturnType<typeof startDomainApi>>;
let h: Harness;
const keys = keyPair('ec');

beforeAll(async () => {
  redis = await startRedisServer();
  domainApi = await startDomainApi('key-1:domain-secret-5f2b');
  h = await startHarness({
    redis,
    env: {
      ...webhookEnv(domainApi.url, keys.publicPem, { SECURITIZE_DOMAIN_ID: DOMAIN }),
      ...decisionEnv(),
    },
  });
});
afterAll(async () => {
  await h.close();
  await domainApi.close();
  await redis.close();
});

const metric = async (pattern: RegExp) => Number(pattern.exec(await h.metrics.registry.metrics())?.[1] ?? 0);
const factsFetches = () => h.sim.control.calls().filter((c) => /\/investor$/.test(c.path)).length;
const streamLength = () => h.redis.xlen('audit:events');
const decide = (cookie: string) =>
  authRequest(h.faUrl, { method: 'GET', uri: '/invest' }, { Cookie: cookie });

test('a replayed delivery is a duplicate: 200, counted, no drop, no fetch, no audit entry', async () => {
  const id = 'b0b1b2b3b4b5b6b7b8b9baba';
  h.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  domainApi.link('ext-replay', id);
  const { cookie } = await h.login(id);
  expect((await decide(cookie!)).status).toBe(200);
  const body = kycEvent('ext-replay');
  expect((await deliver(h.url, body, keys.privateKey)).status).toBe(200);
  expect((await decide(cookie!)).status).toBe(200);
  const [fetches, entries, drops] = [
    factsFetches(),
    await streamLength(),
    await metric(/bff_facts_invalidations_total\{source="webhook"\} (\d+)/),
  ];
  for (let i = 0; i < 100; i += 1) {
    expect((await deliver(h.url, body, keys.privateKey)).status).toBe(200);
    expect((await decide(cookie!)).status).toBe(200);
  }
  expect(
    await metric(/bff_webhooks_total\{event="domain-investor-kyc-update",outcome="duplicate"\} (\d+)/),
  ).toBe(100);
  expect(await metric(/bff_facts_invalidations_total\{source="webhook"\} (\d+)/)).toBe(drops);
  expect(factsFetches() - fetches).toBe(0);
  expect((await streamLength()) - entries).toBe(0);
});

test('a delivery answered 503 is not a duplicate when it comes again', async () => {
  domainApi.state.fail = 503;
  const body = kycEvent('ext-retried');
  expect((await deliver(h.url, body, keys.privateKey)).status).toBe(503);
  domainApi.state.fail = 0;
  const res = await deliver(h.url, body, keys.privateKey);
  expect(res.status).toBe(200);
  expect(
    await metric(/bff_webhooks_total\{event="domain-investor-kyc-update",outcome="unmapped"\} (\d+)/),
  ).toBe(1);
});

test('distinct deliveries for one investor: at most one drop a second, the last one done after', async () => {
  const id = 'b0b1b2b3b4b5b6b7b8b9babb';
  h.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  domainApi.link('ext-coalesce', id);
  const before = await metric(/bff_facts_invalidations_total\{source="webhook"\} (\d+)/);
  const started = Date.now();
  for (let n = 0; n < 50; n += 1) {
    const body = JSON.stringify({
      eventType: 'domain-investor-kyc-update',
      domainId: DOMAIN,
      externalId: 'ext-coalesce',
      nonce: 1000 + n,
    });
    expect((await deliver(h.url, body, keys.privateKey)).status).toBe(200);
  }
  const seconds = (Date.now() - started) / 1000;
  // The trailing drop comes within a second of the last delivery.
  await new Promise((r) => setTimeout(r, 1500));
  const drops = (await metric(/bff_facts_invalidations_total\{source="webhook"\} (\d+)/)) - before;
  expect(drops).toBeGreaterThanOrEqual(2);
  expect(drops).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
  expect(
    await metric(/bff_webhooks_total\{event="domain-investor-kyc-update",outcome="coalesced"\} (\d+)/),
  ).toBeGreaterThan(0);
});

test('1,000 replays and 200 unmapped or malformed deliveries add a handful of audit entries', async () => {
  const entries = await streamLength();
  const body = kycEvent('ext-nobody');
  for (let i = 0; i < 1000; i += 1) await deliver(h.url, body, keys.privateKey);
  for (let i = 0; i < 100; i += 1) {
    await deliver(
      h.url,
      JSON.stringify({
        eventType: 'domain-investor-kyc-update',
        domainId: DOMAIN,
        externalId: 'x',
        nonce: i,
      }),
      keys.privateKey,
    );
    await deliver(h.url, JSON.stringify({ nope: i }), keys.privateKey);
  }
  expect((await streamLength()) - entries).toBeLessThanOrEqual(5);
});

test('ids that are not ids (., .., slashes) and other domains reach no Domain API path', async () => {
  const calls = domainApi.state.calls;
  const cases = [
    { domainId: DOMAIN, externalId: '..' },
    { domainId: DOMAIN, externalId: '.' },
    { domainId: DOMAIN, externalId: 'a/b' },
    { domainId: DOMAIN, externalId: 'x'.repeat(129) },
    { domainId: DOMAIN, externalId: 2 ** 53 + 2 },
    { domainId: '..', externalId: 'zz1' },
    { domainId: 'other-domain', externalId: 'zz1' },
  ];
  for (const c of cases) {
    const res = await deliver(
      h.url,
      JSON.stringify({ eventType: 'domain-investor-kyc-update', ...c }),
      keys.privateKey,
    );
    expect([c, res.status]).toEqual([c, 200]);
  }
  expect(domainApi.state.calls).toBe(calls);
  expect(
    await metric(/bff_webhooks_total\{event="domain-investor-kyc-update",outcome="ignored"\} (\d+)/),
  ).toBe(1);
});

test('a Content-Length over 16 KB is answered 413 at once, and the connection closed', async () => {
  const head = `POST /webhooks/securitize/${TOKEN} HTTP/1.1\r\nHost: bff.test\r\nContent-Type: application/json\r\n`;
  const res = await rawExchange(h.url, `${head}Content-Length: 100000\r\n\r\n{}`, { idleMs: 5000 });
  expect(res.answers[0]?.status).toBe(413);
  expect(res.answers[0]?.headers.connection).toBe('close');
  expect(res.closed).toBe(true);
});
