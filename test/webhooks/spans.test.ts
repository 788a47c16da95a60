import { SEEDED } from '../../src/simulator';
import { BffProcess, startBffProcess } from '../helpers/bff-process';
import { Harness, processEnv, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { OtlpReceiver, startOtlpReceiver } from '../tracing/otlp-receiver';
import { KIND } from '../tracing/trace-tree';
import { deliver, DOMAIN, investorLike, kycEvent, startDomainApi, TOKEN, webhookEnv } from './helpers';

/**
 * The real server process with tracing on: webhook deliveries (right and wrong tokens) and the
 * Domain API lookup they cause are traced, and nothing exported holds the token, the issuer's
 * investor key or the lookup's path.
 */
let redis: RedisChild;
let h: Harness;
let rx: OtlpReceiver;
let bff: BffProcess;
let domainApi: Awaited<ReturnType<typeof startDomainApi>>;
const EXTERNAL = 'ext-span-4711';

beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ redis });
  rx = await startOtlpReceiver();
  domainApi = await startDomainApi('key-1:domain-secret-5f2b');
  bff = await startBffProcess(
    processEnv(h, redis, {
      ...webhookEnv(domainApi.url),
      OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    }),
  );
}, 60_000);
afterAll(async () => {
  await bff?.kill('SIGTERM');
  await rx?.close();
  await domainApi?.close();
  await h?.close();
  await redis?.close();
});

test('no span holds the token, the externalId or the Domain API path', async () => {
  const id = 'b0b1b2b3b4b5b6b7b8b9babb';
  h.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  domainApi.link(EXTERNAL, id);
  expect((await deliver(bff.url, kycEvent(EXTERNAL))).status).toBe(200);
  expect(
    (await deliver(bff.url, kycEvent(EXTERNAL), undefined, `/webhooks/securitize/${TOKEN}x`)).status,
  ).toBe(404);
  expect(
    (await deliver(bff.url, kycEvent(EXTERNAL), undefined, `//Webhooks/securitize/${TOKEN}`)).status,
  ).toBe(404);
  const spans = await rx.waitFor(
    (all) =>
      all.filter((s) => s.kind === KIND.server && s.name.startsWith('POST')).length >= 3 &&
      all.some((s) => s.attributes['securitize.endpoint'] === 'domain.investor'),
  );
  expect(spans.some((s) => s.kind === KIND.client)).toBe(true);
  const found: string[] = [];
  for (const { raw } of rx.received)
    for (const [value, what] of [
      [TOKEN, 'the token'],
      [TOKEN.slice(0, 16), 'part of the token'],
      [EXTERNAL, 'the externalId'],
      [`/domains/${DOMAIN}/investors`, 'the Domain API path'],
      ['domain-secret', 'the Domain API key'],
    ])
      if (raw.includes(Buffer.from(value!))) found.push(what!);
  expect([...new Set(found)]).toEqual([]);
});
