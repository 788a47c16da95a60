import { createSimulator, SEEDED } from '../../src/simulator';
import { exchange, refresh } from './helpers';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const EXPIRES = NOW + 7 * 86_400_000;

describe('token answer forms', () => {
  it.each([
    ['iso', '2026-01-09T03:04:05.678Z'],
    ['epoch-seconds', Math.floor(EXPIRES / 1000)],
    ['epoch-ms', EXPIRES],
    ['epoch-seconds-string', String(Math.floor(EXPIRES / 1000))],
    ['epoch-ms-string', String(EXPIRES)],
  ] as const)('writes expiration as %s on exchange and refresh', async (expirationFormat, expected) => {
    const sim = createSimulator({ now: () => NOW, tokenAnswer: { expirationFormat } });
    const first = await exchange(sim, sim.control.issueCode(SEEDED.verified));
    const second = await refresh(sim, first.body.refreshToken);

    expect(first.body.expiration).toStrictEqual(expected);
    expect(second.body.expiration).toStrictEqual(expected);
    expect(Object.keys(second.body)).toEqual(['investorId', 'accessToken', 'refreshToken', 'expiration']);
  });

  it('leaves investorId out of refresh answers only, when refreshOmitsInvestorId', async () => {
    const sim = createSimulator({ tokenAnswer: { refreshOmitsInvestorId: true } });
    const first = await exchange(sim, sim.control.issueCode(SEEDED.entity));
    const second = await refresh(sim, first.body.refreshToken);

    expect(first.body.investorId).toBe(SEEDED.entity);
    expect(Object.keys(second.body)).toEqual(['accessToken', 'refreshToken', 'expiration']);
    expect((await refresh(sim, second.body.refreshToken)).status).toBe(200);
  });

  it('is merged at run time by setTokenAnswer and put back by reset()', async () => {
    const sim = createSimulator({ now: () => NOW, tokenAnswer: { expirationFormat: 'epoch-ms' } });
    sim.control.setTokenAnswer({ refreshOmitsInvestorId: true });
    const merged = await exchange(sim, sim.control.issueCode(SEEDED.verified));
    const mergedRefresh = await refresh(sim, merged.body.refreshToken);
    sim.control.setTokenAnswer({ expirationFormat: 'epoch-seconds-string' });
    const switched = await refresh(sim, mergedRefresh.body.refreshToken);
    sim.control.reset();
    const restored = await exchange(sim, sim.control.issueCode(SEEDED.verified));
    const restoredRefresh = await refresh(sim, restored.body.refreshToken);

    expect(merged.body.expiration).toBe(EXPIRES);
    expect(mergedRefresh.body).not.toHaveProperty('investorId');
    expect(switched.body).not.toHaveProperty('investorId');
    expect(switched.body.expiration).toBe(String(Math.floor(EXPIRES / 1000)));
    expect(restoredRefresh.body).toMatchObject({ investorId: SEEDED.verified, expiration: EXPIRES });
  });

  it('refuses an unknown format, as an option and at run time', () => {
    const bad = { expirationFormat: 'rfc2822' as 'iso' };
    expect(() => createSimulator({ tokenAnswer: bad })).toThrow(/expirationFormat/);
    expect(() => createSimulator().control.setTokenAnswer(bad)).toThrow(/expiration format/);
  });
});
