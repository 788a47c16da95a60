import { SEED_INVESTORS } from '../../src/simulator/fixtures';
import { SEEDED } from '../../src/simulator';
import type { InvestorFixture } from '../../src/simulator/fixtures';
import { Harness, sidOf, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { authRequest, policyFile, signingKey } from '../helpers/vouch';
import { decodeJwt } from 'jose';

/**
 * KYC facts: fetched from Securitize's investor profile, kept beside the session, fetched again
 * when older than KYC_FACTS_MAX_AGE, one fetch at a time per session across instances.
 */
let offset = 0;
const now = () => Date.now() + offset;
let redis: RedisChild;
let a: Harness;
let b: Harness;
beforeAll(async () => {
  redis = await startRedisServer();
  const env = {
    FORWARD_AUTH_PORT: '0',
    ASSERTION_SIGNING_KEYS: signingKey('f1'),
    KYC_FACTS_MAX_AGE: '300',
    SESSION_ABSOLUTE_TIMEOUT: '31536000',
    SESSION_IDLE_TIMEOUT: '31536000',
    POLICY_FILE: policyFile(`
rules:
  - { path: /invest, policy: { verified: true } }
  - { path: /, policy: null }
`),
  };
  a = await startHarness({ redis, now, env });
  b = await startHarness({ redis, now, env, shareSimulatorOf: a });
});
afterAll(async () => {
  await b.close();
  await a.close();
  await redis.close();
});
beforeEach(() => a.sim.control.clearFaults());

const profileCalls = () => a.sim.control.calls().filter((c) => /\/investor$/.test(c.path)).length;
const auth = (h: Harness, cookie: string, uri: string) =>
  authRequest(h.faUrl, { method: 'GET', uri }, { Cookie: cookie });

/** A new investor shaped like a seeded one, so a test can change its KYC status without touching others. */
function investorLike(seedId: string, id: string, status?: string): InvestorFixture {
  const copy = structuredClone(SEED_INVESTORS.find((i) => i.profile.investorId === seedId)!);
  copy.profile.investorId = id;
  if (status) copy.profile.verificationStatus = status;
  return copy;
}

test('facts are kept for KYC_FACTS_MAX_AGE and then fetched again: a newly verified investor gets in', async () => {
  const id = 'a1a2a3a4a5a6a7a8a9a0b1b2';
  a.sim.control.putInvestor(investorLike(SEEDED.processing, id));
  const { cookie } = await a.login(id);
  const before = profileCalls();
  // Instance b has not seen this session's facts, so it reads them from Redis: refused, fetched again.
  expect((await auth(b, cookie!, '/invest')).headers['x-auth-reason']).toBe('kyc_required');
  expect(profileCalls()).toBe(before + 1);
  a.sim.control.putInvestor(investorLike(SEEDED.processing, id, 'verified'));
  // Still within the age: the kept facts decide, Securitize is not asked.
  offset += 299_000;
  expect((await auth(b, cookie!, '/invest')).status).toBe(403);
  expect(profileCalls()).toBe(before + 1);
  offset += 2_000;
  const res = await auth(b, cookie!, '/invest');
  expect(res.status).toBe(200);
  expect(profileCalls()).toBe(before + 2);
  expect(decodeJwt(String(res.headers['x-investor-assertion']))).toMatchObject({
    verified: true,
    facts_at: Math.floor(now() / 1000),
  });
});

test('a storm of decisions on two instances makes one facts fetch', async () => {
  const { cookie } = await a.login(SEEDED.verified);
  const before = profileCalls();
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) => auth(i % 2 ? a : b, cookie!, `/invest/${i}`)),
  );
  expect(answers.map((r) => r.status)).toEqual(Array(60).fill(200));
  expect(profileCalls()).toBe(before + 1);
});

test('Securitize down and the facts too old: 503 for rules that need facts, session-only rules keep working', async () => {
  const { cookie } = await a.login(SEEDED.verified);
  const fresh = await auth(a, cookie!, '/invest');
  expect(fresh.status).toBe(200);
  const factsAt = decodeJwt(String(fresh.headers['x-investor-assertion'])).facts_at;
  offset += 301_000;
  a.sim.control.injectFault({ match: { path: /\/investor$/ }, kind: 'status', status: 503, times: 1000 });
  const closed = await auth(a, cookie!, '/invest');
  expect([closed.status, closed.headers['x-auth-reason']]).toEqual([503, 'securitize_unavailable']);
  expect(closed.headers['x-investor-assertion']).toBeUndefined();
  const open = await auth(b, cookie!, '/home');
  expect(open.status).toBe(200);
  // The assertion says how old its facts are.
  expect(decodeJwt(String(open.headers['x-investor-assertion'])).facts_at).toBe(factsAt);
  a.sim.control.clearFaults();
  expect((await auth(a, cookie!, '/invest')).status).toBe(200);
});

test('facts changed in Redis are not trusted, and they go when the session ends', async () => {
  const { cookie } = await a.login(SEEDED.processing);
  expect((await auth(a, cookie!, '/invest')).status).toBe(403);
  const key = `facts:{sess:${sidOf(cookie!)}}`;
  const sealed = (await a.redis.get(key))!;
  expect(sealed).toMatch(/^v3\./);
  // Someone with write access to Redis puts in another session's facts (a verified investor's).
  const { cookie: other } = await a.login(SEEDED.verified);
  expect((await auth(a, other!, '/invest')).status).toBe(200);
  await a.redis.set(key, (await a.redis.get(`facts:{sess:${sidOf(other!)}}`))!);
  const before = profileCalls();
  // Instance b has not seen this session's facts, so it reads them from Redis: refused, fetched again.
  expect((await auth(b, cookie!, '/invest')).headers['x-auth-reason']).toBe('kyc_required');
  expect(profileCalls()).toBe(before + 1);
  await a.post('/logout', { Cookie: cookie!, 'X-CSRF': '1' });
  expect(await a.redis.exists(key)).toBe(0);
  expect((await auth(a, cookie!, '/invest')).status).toBe(401);
});
