import { SEEDED, type ExpirationFormat } from '../../src/simulator';
import { Harness, startHarness, storedSession } from '../helpers/harness';

const WEEK = 7 * 24 * 3600 * 1000;
let offset = 0;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => Date.now() + offset, env: { SESSION_ABSOLUTE_TIMEOUT: '31536000' } });
});
afterAll(async () => {
  expect(h.sim.control.stats().refreshTokenReuse).toBe(0);
  await h.close();
});
beforeEach(() => {
  h.sim.control.reset();
  h.logs.length = 0;
});

const api = (cookie: string) => h.get('/api/investor', { Cookie: cookie, 'X-CSRF': '1' });
const stored = (cookie: string) => storedSession(h.redis, cookie);
const lenient = () => h.logs.filter((l) => l.includes('"token_answer_lenient"'));
const metric = async (endpoint: string, outcome: string) => {
  const m = await h.metrics.registry.getSingleMetric('bff_token_answers_lenient_total')!.get();
  return m.values.find((v) => v.labels.endpoint === endpoint && v.labels.outcome === outcome)?.value ?? 0;
};

/** Securitize's next refresh answer, as given (a 200). */
const answerNextRefresh = (body: Record<string, unknown>) =>
  h.sim.control.injectFault({ match: { path: /oauth2\/refresh$/ }, kind: 'status', status: 200, body });

const FORMATS: ExpirationFormat[] = [
  'iso',
  'epoch-seconds',
  'epoch-ms',
  'epoch-seconds-string',
  'epoch-ms-string',
];

describe('expiration in every form Securitize may send, at the exchange and the refresh', () => {
  it.each(FORMATS)('%s: the stored expiry is the one Securitize meant, with no fallback', async (format) => {
    h.sim.control.setTokenAnswer({ expirationFormat: format });
    const before = Date.now() + offset;
    const { cookie } = await h.login(SEEDED.verified);
    const first = (await stored(cookie!))!;
    // The simulator's tokens live 7 days; epoch seconds lose the milliseconds.
    expect(first.expiresAt).toBeGreaterThanOrEqual(before + WEEK - 1000);
    expect(first.expiresAt).toBeLessThanOrEqual(Date.now() + offset + WEEK);
    expect(first.expiration).toBe(new Date(first.expiresAt).toISOString());

    offset += WEEK + 60_000;
    const refreshedAt = Date.now() + offset;
    expect((await api(cookie!)).status).toBe(200);
    const second = (await stored(cookie!))!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.expiresAt).toBeGreaterThanOrEqual(refreshedAt + WEEK - 1000);
    expect(lenient()).toEqual([]);
  });
});

describe('refresh answers that are short of something', () => {
  it('a refresh answer without investorId keeps the session’s, and says so in the log and the metric', async () => {
    const { cookie } = await h.login(SEEDED.entity);
    h.sim.control.setTokenAnswer({ refreshOmitsInvestorId: true });
    const before = await metric('oauth2.refresh', 'investor_id_kept');
    offset += WEEK + 60_000;
    expect((await api(cookie!)).status).toBe(200);
    const after = (await stored(cookie!))!;
    expect(after.investorId).toBe(SEEDED.entity);
    expect((await api(cookie!)).body.investorId).toBe(SEEDED.entity);
    expect(lenient().join('\n')).toContain('no investorId');
    expect(await metric('oauth2.refresh', 'investor_id_kept')).toBe(before + 1);
  });

  it('an answer whose expiration cannot be read keeps the new pair (the spent token has no other successor)', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    offset += WEEK + 60_000;
    h.sim.control.clearCalls();
    answerNextRefresh({
      investorId: SEEDED.verified,
      accessToken: 'opaque-access',
      refreshToken: 'next-refresh',
      expiration: 'soon',
    });
    await api(cookie!);
    // The injected pair is not the simulator's, so the investor call is refused (401) and the BFF
    // refreshes once more: with the new refresh token, which proves the pair was kept and used.
    const refreshes = h.sim.control.calls().filter((c) => c.path.endsWith('/oauth2/refresh'));
    expect(refreshes.map((c) => (c.body as { refreshToken: string }).refreshToken)[1]).toBe('next-refresh');
    const investorCall = h.sim.control.calls().find((c) => c.path.endsWith('/investor'));
    expect(investorCall!.headers['access-token']).toBe('opaque-access');
    expect(h.logs.join('\n')).toContain('"expirationSource":"assumed"');
    expect(await metric('oauth2.refresh', 'expiration_from_assumed')).toBeGreaterThanOrEqual(1);
  });

  it.each([4242, 'investor.B', ''])(
    'a refresh answer whose investorId is there but unreadable (%p) ends the session instead of keeping it under the old investor',
    async (investorId) => {
      const { cookie } = await h.login(SEEDED.verified);
      offset += WEEK + 60_000;
      answerNextRefresh({
        investorId,
        accessToken: 'other-access',
        refreshToken: 'other-refresh',
        expiration: 'x',
      });
      const res = await api(cookie!);
      expect(res.status).toBe(401);
      expect(await stored(cookie!)).toBeNull();
    },
  );

  it('a 200 refresh answer without tokens ends the session cleanly: 401 session_expired, a log line with the reason, a metric', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    offset += WEEK + 60_000;
    answerNextRefresh({ investorId: SEEDED.verified, message: 'ok' });
    const before = await metric('oauth2.refresh', 'unusable');
    const res = await api(cookie!);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('session_expired');
    expect(await stored(cookie!)).toBeNull();
    expect(h.logs.join('\n')).toContain('"event":"refresh_unusable"');
    expect(await metric('oauth2.refresh', 'unusable')).toBe(before + 1);
  });
});
