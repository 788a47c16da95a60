import { SEEDED } from '../../src/simulator';
import { Harness, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { authRequest, policyFile, signingKey } from '../helpers/vouch';
import { waitFor } from '../helpers/wait-for';
import { deliver, investorLike, keyPair, kycEvent, startDomainApi, TOKEN, webhookEnv } from './helpers';

/**
 * Securitize's KYC webhooks, end to end: a delivery on one instance drops the investor's facts and
 * assertions on the other too (its next decision fetches them), a recheck ends the sessions of an
 * investor now rejected, and what is not understood is answered 200 and counted.
 */
let redis: RedisChild;
let domainApi: Awaited<ReturnType<typeof startDomainApi>>;
let a: Harness;
let b: Harness;
const keys = keyPair('ec');

beforeAll(async () => {
  redis = await startRedisServer();
  domainApi = await startDomainApi('key-1:domain-secret-5f2b');
  const env = {
    ...webhookEnv(domainApi.url, keys.publicPem),
    FORWARD_AUTH_PORT: '0',
    ASSERTION_SIGNING_KEYS: signingKey('w1'),
    POLICY_FILE: policyFile(`
rules:
  - { path: /invest, policy: { verified: true } }
  - { path: /, policy: null }
`),
  };
  a = await startHarness({ redis, env });
  b = await startHarness({ redis, env, shareSimulatorOf: a });
});
afterAll(async () => {
  await b.close();
  await a.close();
  await domainApi.close();
  await redis.close();
});

const profileCalls = () => a.sim.control.calls().filter((c) => /\/investor$/.test(c.path)).length;
const decision = async (h: Harness, cookie: string) => {
  const res = await authRequest(h.faUrl, { method: 'GET', uri: '/invest' }, { Cookie: cookie });
  return res.status === 200 ? 'allowed' : String(res.headers['x-auth-reason']);
};

test('a delivery on one instance changes the next decision on the other (facts and assertions dropped there)', async () => {
  const id = 'c1c2c3c4c5c6c7c8c9c0d1d2';
  a.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  domainApi.link('ext-1', id);
  const { cookie } = await a.login(id);
  expect(await decision(b, cookie!)).toBe('allowed');
  expect(await decision(b, cookie!)).toBe('allowed'); // from b's memory now
  a.sim.control.putInvestor(investorLike(SEEDED.verified, id, 'manual-review'));
  expect(await decision(b, cookie!)).toBe('allowed'); // cached: Securitize is not asked
  const body = kycEvent('ext-1');
  const res = await deliver(a.url, body, keys.privateKey);
  expect([res.status, res.body]).toEqual([200, { received: true }]);
  expect(domainApi.state.lastAuthorization).toBe('apiKey key-1:domain-secret-5f2b');
  const reason = await waitFor('b refuses', 5000, async (seen) => {
    const d = await decision(b, cookie!);
    seen(d);
    return d === 'kyc_required' ? d : undefined;
  });
  expect(reason).toBe('kyc_required');
  // manual-review does not end the session.
  expect((await a.get('/api/me', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(200);
});

test('an investor Securitize now says is rejected is logged out everywhere (reason kyc_change)', async () => {
  const id = 'c1c2c3c4c5c6c7c8c9c0d1d3';
  a.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  domainApi.link('ext-2', id);
  const one = (await a.login(id)).cookie!;
  const two = (await b.login(id)).cookie!;
  a.sim.control.putInvestor(investorLike(SEEDED.verified, id, 'rejected'));
  expect((await deliver(b.url, kycEvent('ext-2'), keys.privateKey)).status).toBe(200);
  for (const c of [one, two])
    await waitFor('session ended', 5000, async (seen) => {
      const s = (await a.get('/api/me', { Cookie: c, 'X-CSRF': '1' })).status;
      seen(String(s));
      return s === 401 ? s : undefined;
    });
  const metrics = await a.metrics.registry.metrics();
  const ended = await b.metrics.registry.metrics();
  expect(metrics + ended).toMatch(/bff_sessions_ended_total\{reason="kyc_change"\} 2/);
});

test('an externalId the Domain API does not know: 200, counted, and the answer is cached (no second call)', async () => {
  const before = domainApi.state.calls;
  for (let i = 0; i < 3; i++)
    expect((await deliver(a.url, kycEvent('nobody', 100 + i), keys.privateKey)).status).toBe(200);
  expect(domainApi.state.calls).toBe(before + 1);
  expect(await a.metrics.registry.metrics()).toMatch(
    /bff_webhooks_total\{event="domain-investor-kyc-update",outcome="unmapped"\} 3/,
  );
});

test('unknown event types and shapes: 200, logged with their keys only, counted', async () => {
  const odd = JSON.stringify({
    eventType: 'brand-new-event',
    secretish: 'VALUE-NEVER-LOGGED',
    data: { x: 1 },
  });
  expect((await deliver(a.url, odd, keys.privateKey)).status).toBe(200);
  const shapeless = JSON.stringify({ payload: { domainId: 'd', other: 'VALUE-NEVER-LOGGED' } });
  expect((await deliver(a.url, shapeless, keys.privateKey)).status).toBe(200);
  const lines = a.logs.filter((l) => l.includes('"webhook_received"'));
  expect(lines.some((l) => l.includes('"secretish"') && l.includes('"data.x"'))).toBe(true);
  expect(lines.some((l) => l.includes('"payload.other"'))).toBe(true);
  expect(a.logs.join('\n')).not.toContain('VALUE-NEVER-LOGGED');
  const m = await a.metrics.registry.metrics();
  expect(m).toMatch(/bff_webhooks_total\{event="other",outcome="ignored"\} 1/);
  expect(m).toMatch(/bff_webhooks_total\{event="other",outcome="malformed"\} 1/);
});

test('the properties under data or payload are read too', async () => {
  const id = 'c1c2c3c4c5c6c7c8c9c0d1d4';
  a.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  domainApi.link('ext-4', id);
  const body = JSON.stringify({
    data: { eventType: 'domain-investor-kyc-update', domainId: 'dom-7f3a', externalId: 'ext-4' },
  });
  expect((await deliver(a.url, body, keys.privateKey)).status).toBe(200);
  expect(await a.metrics.registry.metrics()).toMatch(/outcome="dropped"/);
});

test('the Domain API down: 503 with Retry-After, so Securitize delivers again', async () => {
  domainApi.state.fail = 503;
  try {
    const res = await deliver(a.url, kycEvent('ext-unseen-503'), keys.privateKey);
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  } finally {
    domainApi.state.fail = 0;
  }
});

test('the token is in no log line and no metric', async () => {
  expect(a.logs.join('\n') + b.logs.join('\n')).not.toContain(TOKEN);
  expect(a.logs.some((l) => l.includes('"/webhooks/securitize/…"'))).toBe(true);
  expect(await a.metrics.registry.metrics()).not.toContain(TOKEN);
  expect(profileCalls()).toBeGreaterThan(0);
});
