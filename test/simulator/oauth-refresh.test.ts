import request from 'supertest';
import { createSimulator, SEEDED } from '../../src/simulator';
import { CLIENT_ID, decodeJwt, investorGet, loginAs, refresh, UNAUTHORIZED } from './helpers';

describe('POST /v1/:clientId/oauth2/refresh', () => {
  it('rotates: a new pair of the same shape, and the old refresh token is spent', async () => {
    let now = 1_800_000_000_000;
    const sim = createSimulator({ now: () => now });
    const first = await loginAs(sim, SEEDED.verified);
    now += 60_000;
    const res = await refresh(sim, first.refreshToken);

    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['investorId', 'accessToken', 'refreshToken', 'expiration']);
    expect(res.body.investorId).toBe(SEEDED.verified);
    expect(res.body.refreshToken).not.toBe(first.refreshToken);
    expect(decodeJwt(res.body.accessToken).claims.accessToken).not.toBe(
      decodeJwt(first.accessToken).claims.accessToken,
    );
    expect(res.body.expiration).toBe(new Date(now + 7 * 86_400_000).toISOString());
    expect((await investorGet(sim, '', res.body.accessToken)).status).toBe(200);
    expect(sim.control.stats()).toMatchObject({ refreshes: 1, refreshFailures: 0, refreshTokenReuse: 0 });
  });

  it('answers a spent refresh token with the documented 401 and counts the reuse', async () => {
    const sim = createSimulator();
    const first = await loginAs(sim, SEEDED.verified);
    const rotated = await refresh(sim, first.refreshToken);
    const reused = await refresh(sim, first.refreshToken);

    expect(reused.status).toBe(401);
    expect(reused.body).toEqual(UNAUTHORIZED);
    expect(sim.control.stats()).toMatchObject({ refreshes: 1, refreshFailures: 1, refreshTokenReuse: 1 });
    // Reuse does not take the newer token down with it (the family-revocation behaviour is undocumented).
    expect((await refresh(sim, rotated.body.refreshToken)).status).toBe(200);
  });

  it('keeps the old access token alive until it expires (default), or kills it when refreshRevokesAccessToken', async () => {
    for (const refreshRevokesAccessToken of [false, true]) {
      const sim = createSimulator({ refreshRevokesAccessToken });
      const first = await loginAs(sim, SEEDED.verified);
      await refresh(sim, first.refreshToken);

      expect((await investorGet(sim, '', first.accessToken)).status).toBe(
        refreshRevokesAccessToken ? 401 : 200,
      );
    }
  });

  it('answers unknown and expired refresh tokens with 401, not counted as reuse', async () => {
    let now = 0;
    const sim = createSimulator({ now: () => now, refreshTokenTtlMs: 1000 });
    const tokens = await loginAs(sim, SEEDED.verified);
    const unknown = await refresh(sim, 'not-a-token');
    now = 1000;
    const expired = await refresh(sim, tokens.refreshToken);

    expect(unknown.body).toEqual(UNAUTHORIZED);
    expect(expired.status).toBe(401);
    expect(sim.control.stats()).toMatchObject({ refreshes: 0, refreshFailures: 2, refreshTokenReuse: 0 });
  });

  it('kills every refresh token on revokeRefreshTokens(), without counting reuse', async () => {
    const sim = createSimulator();
    const a = await loginAs(sim, SEEDED.verified);
    const b = await loginAs(sim, SEEDED.entity);
    const spent = await loginAs(sim, SEEDED.processing);
    await refresh(sim, spent.refreshToken);
    sim.control.revokeRefreshTokens();

    for (const token of [a.refreshToken, b.refreshToken, spent.refreshToken]) {
      expect((await refresh(sim, token)).body).toEqual(UNAUTHORIZED);
    }
    expect(sim.control.stats()).toMatchObject({ refreshFailures: 3, refreshTokenReuse: 0 });
    expect((await investorGet(sim, '', a.accessToken)).status).toBe(200);
  });

  it('checks the secret like the code exchange', async () => {
    const sim = createSimulator();
    const tokens = await loginAs(sim, SEEDED.verified);
    const res = await request(sim.app)
      .post(`/v1/${CLIENT_ID}/oauth2/refresh`)
      .set('authorization', 'wrong')
      .send({ refreshToken: tokens.refreshToken });

    expect(res.body).toEqual(UNAUTHORIZED);
    expect((await refresh(sim, tokens.refreshToken)).status).toBe(200);
  });
});

describe('expireAccessTokens()', () => {
  it('makes every access token issued so far fail on investor endpoints, while new ones work', async () => {
    const sim = createSimulator();
    const old = await loginAs(sim, SEEDED.verified);
    sim.control.expireAccessTokens();
    const res = await investorGet(sim, '', old.accessToken);
    const renewed = await refresh(sim, old.refreshToken);

    expect(res.status).toBe(401);
    expect(res.body).toEqual(UNAUTHORIZED);
    expect((await investorGet(sim, '', renewed.body.accessToken)).status).toBe(200);
  });

  it('is matched by real expiry through the injected clock', async () => {
    let now = 5_000;
    const sim = createSimulator({ now: () => now, accessTokenTtlMs: 10_000 });
    const tokens = await loginAs(sim, SEEDED.verified);
    now = 14_999;
    expect((await investorGet(sim, '', tokens.accessToken)).status).toBe(200);
    now = 15_000;
    expect((await investorGet(sim, '', tokens.accessToken)).status).toBe(401);
  });
});
