import { SEEDED } from '../../src/simulator';
import { Harness, startHarness } from '../helpers/harness';

let a: Harness;
let b: Harness;
beforeAll(async () => {
  a = await startHarness({ env: { RATE_LIMIT_API: '5' } });
  b = await startHarness({ redis: a.redisChild, shareSimulatorOf: a, env: { RATE_LIMIT_API: '5' } });
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const upstreamCalls = () => a.sim.control.calls().filter((c) => c.path.includes('/investor')).length;

describe('RATE_LIMIT_API: calls that reach Securitize, per session per minute, across instances', () => {
  it('past the limit answers 429 rate_limited with Retry-After and calls Securitize no more', async () => {
    const { cookie } = await a.login(SEEDED.verified);
    const other = (await a.login(SEEDED.entity)).cookie!;
    a.sim.control.clearCalls();
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      const via = i % 2 ? b : a;
      statuses.push((await via.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(upstreamCalls()).toBe(5);
    const limited = await a.get('/api/documents', { Cookie: cookie!, 'X-CSRF': '1' });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Routes that do not reach Securitize are not counted, and another session has its own count.
    expect((await a.get('/api/me', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(200);
    expect((await a.get('/api/sessions', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(200);
    expect((await a.get('/api/investor', { Cookie: other, 'X-CSRF': '1' })).status).toBe(200);
    // The key names a hash of the session, never its id.
    const keys = await a.redisChild.admin.keys('rl:api:*');
    expect(keys.length).toBe(2);
    expect(keys.join()).not.toContain(cookie!.split('.')[0]!.slice(6));
  });

  it('0 turns the limit off', async () => {
    const off = await startHarness({
      redis: a.redisChild,
      shareSimulatorOf: a,
      env: { RATE_LIMIT_API: '0' },
    });
    try {
      const { cookie } = await off.login(SEEDED.verified);
      for (let i = 0; i < 8; i++)
        expect((await off.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});
