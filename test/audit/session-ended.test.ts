import { SEEDED } from '../../src/simulator';
import { sessionHandle } from '../../src/session';
import { Harness, sidOf, startHarness } from '../helpers/harness';

/** The ends the BFF performs itself are session_ended events; the investor's own logouts are not. */
const WEEK = 7 * 24 * 3600 * 1000;
let offset = 0;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => Date.now() + offset, env: { SESSION_ABSOLUTE_TIMEOUT: '1209600' } });
});
afterAll(() => h.close());

const latest = async () => {
  const [entry] = await h.redisChild.admin.xrevrange('audit:events', '+', '-', 'COUNT', 1);
  return JSON.parse(entry![1][1]!) as Record<string, unknown>;
};
const api = (cookie: string) => h.get('/api/investor', { Cookie: cookie, 'X-CSRF': '1' });

describe('session_ended: the ends the BFF performs', () => {
  it('a refused refresh: reason refresh_rejected, the session and the investor', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    offset += WEEK + 60_000;
    h.sim.control.revokeRefreshTokens();
    expect((await api(cookie!)).status).toBe(401);
    expect(await latest()).toMatchObject({
      type: 'session_ended',
      reason: 'refresh_rejected',
      investorId: SEEDED.verified,
      session: sessionHandle(sidOf(cookie!)),
    });
    expect((await latest()).actor).toBeUndefined();
  });

  it('a session found past its absolute lifetime: reason absolute_timeout', async () => {
    const { cookie } = await h.login(SEEDED.entity);
    offset += 1_209_600_000 + 1000;
    expect((await api(cookie!)).status).toBe(401);
    expect(await latest()).toMatchObject({
      type: 'session_ended',
      reason: 'absolute_timeout',
      investorId: SEEDED.entity,
      session: sessionHandle(sidOf(cookie!)),
    });
  });
});
