import { createSimulator, DEV_CLIENT, SEEDED } from '../../src/simulator';
import { CLIENT_ID, exchange, gatewayPost, SECRET, UNAUTHORIZED } from './helpers';

const OTHER = { clientId: '0a1b2c3d-0000-4000-8000-000000000002', secret: 'other-secret', redirectUrls: [] };

describe('gateway POST /api/auth/v1/authorize', () => {
  it('exchanges a code with Bearer <secret>, and with the raw secret, in the same bare shape', async () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const sim = createSimulator({ now: () => now });
    const bearer = await gatewayPost(sim, 'authorize', { code: sim.control.issueCode(SEEDED.verified) });
    const raw = await gatewayPost(
      sim,
      'authorize',
      { code: sim.control.issueCode(SEEDED.entity) },
      { clientid: CLIENT_ID, authorization: SECRET },
    );

    expect(bearer.status).toBe(200);
    expect(Object.keys(bearer.body)).toEqual(['investorId', 'accessToken', 'refreshToken', 'expiration']);
    expect(bearer.body).toMatchObject({
      investorId: SEEDED.verified,
      expiration: '2026-01-09T03:04:05.678Z',
    });
    expect(raw.status).toBe(200);
    expect(raw.body.investorId).toBe(SEEDED.entity);
    expect(sim.control.stats()).toMatchObject({ exchanges: 2, exchangeFailures: 0 });
  });

  it.each([
    ['no clientid', { authorization: `Bearer ${SECRET}` }],
    ['an unknown clientid', { clientid: 'nope', authorization: `Bearer ${SECRET}` }],
    ['another client’s id', { clientid: OTHER.clientId, authorization: `Bearer ${SECRET}` }],
    ['a wrong secret', { clientid: CLIENT_ID, authorization: 'Bearer wrong' }],
    ['no authorization', { clientid: CLIENT_ID }],
  ])('answers the documented 401 for %s, without burning the code', async (_name, headers) => {
    const sim = createSimulator({ clients: [{ ...DEV_CLIENT, redirectUrls: [] }, OTHER] });
    const code = sim.control.issueCode(SEEDED.verified);
    const res = await gatewayPost(sim, 'authorize', { code }, headers as Record<string, string>);

    expect(res.status).toBe(401);
    expect(res.body).toEqual(UNAUTHORIZED);
    expect(sim.control.stats()).toMatchObject({ exchanges: 0, exchangeFailures: 1 });
    expect((await gatewayPost(sim, 'authorize', { code })).status).toBe(200);
  });

  it('lets a code be used once across both styles, counting the second use as reuse', async () => {
    const sim = createSimulator();
    const code = sim.control.issueCode(SEEDED.verified);
    const first = await gatewayPost(sim, 'authorize', { code });
    const again = await exchange(sim, code);

    expect(first.status).toBe(200);
    expect(again.body).toEqual(UNAUTHORIZED);
    expect(sim.control.stats()).toMatchObject({ exchanges: 1, exchangeFailures: 1, codeReuse: 1 });
  });

  it('follows the token answer settings like the direct endpoint', async () => {
    const sim = createSimulator({
      now: () => 1_800_000_000_000,
      tokenAnswer: { expirationFormat: 'epoch-seconds' },
    });
    const res = await gatewayPost(sim, 'authorize', { code: sim.control.issueCode(SEEDED.verified) });

    expect(res.body.expiration).toBe(1_800_000_000 + 7 * 86_400);
  });
});

describe('gateway POST /api/auth/v1/refresh', () => {
  it('rotates once; reusing the spent token is a 401 and counted', async () => {
    const sim = createSimulator();
    const tokens = (await gatewayPost(sim, 'authorize', { code: sim.control.issueCode(SEEDED.verified) }))
      .body;
    const rotated = await gatewayPost(sim, 'refresh', { refreshToken: tokens.refreshToken });
    const reused = await gatewayPost(sim, 'refresh', { refreshToken: tokens.refreshToken });

    expect(rotated.status).toBe(200);
    expect(rotated.body.investorId).toBe(SEEDED.verified);
    expect(rotated.body.refreshToken).not.toBe(tokens.refreshToken);
    expect(reused.status).toBe(401);
    expect(reused.body).toEqual(UNAUTHORIZED);
    expect(sim.control.stats()).toMatchObject({ refreshes: 1, refreshFailures: 1, refreshTokenReuse: 1 });
  });

  it('needs the clientid and secret, and accepts the raw secret', async () => {
    const sim = createSimulator();
    const tokens = (await gatewayPost(sim, 'authorize', { code: sim.control.issueCode(SEEDED.verified) }))
      .body;
    const noClient = await gatewayPost(
      sim,
      'refresh',
      { refreshToken: tokens.refreshToken },
      { authorization: SECRET },
    );
    const raw = await gatewayPost(
      sim,
      'refresh',
      { refreshToken: tokens.refreshToken },
      { clientid: CLIENT_ID, authorization: SECRET },
    );

    expect(noClient.body).toEqual(UNAUTHORIZED);
    expect(raw.status).toBe(200);
    expect(sim.control.stats()).toMatchObject({ refreshes: 1, refreshFailures: 1, refreshTokenReuse: 0 });
  });

  it('leaves investorId out when refreshOmitsInvestorId', async () => {
    const sim = createSimulator({ tokenAnswer: { refreshOmitsInvestorId: true } });
    const tokens = (await gatewayPost(sim, 'authorize', { code: sim.control.issueCode(SEEDED.verified) }))
      .body;
    const rotated = await gatewayPost(sim, 'refresh', { refreshToken: tokens.refreshToken });

    expect(Object.keys(rotated.body)).toEqual(['accessToken', 'refreshToken', 'expiration']);
  });
});
