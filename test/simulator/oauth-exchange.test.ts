import request from 'supertest';
import { createSimulator, DEV_CLIENT, SEEDED, type Simulator } from '../../src/simulator';
import { CLIENT_ID, decodeJwt, exchange, SECRET, UNAUTHORIZED } from './helpers';

const OTHER = { clientId: '0a1b2c3d-0000-4000-8000-000000000002', secret: 'other-secret', redirectUrls: [] };

describe('POST /v1/:clientId/oauth2/authorize', () => {
  it('exchanges a code for the documented bare token response', async () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const sim = createSimulator({ now: () => now });
    const res = await exchange(sim, sim.control.issueCode(SEEDED.verified));

    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['investorId', 'accessToken', 'refreshToken', 'expiration']);
    expect(res.body.investorId).toBe(SEEDED.verified);
    expect(res.body.expiration).toBe('2026-01-09T03:04:05.678Z');
    expect(res.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(sim.control.stats()).toMatchObject({ exchanges: 1, exchangeFailures: 0 });
  });

  it('issues an HS256 JWT with the claims of Securitize’s sample token', async () => {
    const now = 1_700_000_000_500;
    const sim = createSimulator({ now: () => now });
    const res = await exchange(sim, sim.control.issueCode(SEEDED.entity));
    const { header, claims } = decodeJwt(res.body.accessToken);

    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(claims)).toEqual(['accessToken', 'investorId', 'clientId', 'iat', 'exp']);
    expect(claims).toMatchObject({ investorId: SEEDED.entity, clientId: CLIENT_ID, iat: 1_700_000_000 });
    expect(claims.accessToken).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect((claims.exp as number) - (claims.iat as number)).toBe(604_800);
  });

  describe('answers the documented 401', () => {
    let sim: Simulator;
    beforeEach(() => {
      sim = createSimulator();
    });
    const post = (path = `/v1/${CLIENT_ID}/oauth2/authorize`) => request(sim.app).post(path);

    it.each([
      ['a wrong secret', (code: string) => exchange(sim, code, 'wrong')],
      [
        'the secret with Bearer (not accepted by default)',
        (code: string) => exchange(sim, code, `Bearer ${SECRET}`),
      ],
      ['no authorization header', (code: string) => post().send({ code })],
      [
        'an unknown client',
        (code: string) => post('/v1/nope/oauth2/authorize').set('authorization', SECRET).send({ code }),
      ],
      ['no code', () => post().set('authorization', SECRET).send({})],
      ['an unknown code', () => exchange(sim, '40cba031-8fd2-4a88-89ff-36e07e5e060b')],
      [
        'a JSON body that is not an object',
        () => post().set('authorization', SECRET).type('json').send('"abc"'),
      ],
      ['a non-string code', () => post().set('authorization', SECRET).send({ code: 42 })],
    ])('for %s', async (_name, call) => {
      const res = await call(sim.control.issueCode(SEEDED.verified));

      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHORIZED);
      expect(sim.control.stats()).toMatchObject({ exchanges: 0, exchangeFailures: 1, codeReuse: 0 });
    });
  });

  it('does not burn the code on a wrong secret', async () => {
    const sim = createSimulator();
    const code = sim.control.issueCode(SEEDED.verified);
    await exchange(sim, code, 'wrong');

    expect((await exchange(sim, code)).status).toBe(200);
  });

  it('accepts Bearer <secret> only when acceptBearer is set', async () => {
    const sim = createSimulator({ acceptBearer: true });
    const res = await exchange(sim, sim.control.issueCode(SEEDED.verified), `Bearer ${SECRET}`);

    expect(res.status).toBe(200);
  });

  it('lets a code be used once and counts the second use as reuse', async () => {
    const sim = createSimulator();
    const code = sim.control.issueCode(SEEDED.verified);
    const first = await exchange(sim, code);
    const second = await exchange(sim, code);

    expect(first.status).toBe(200);
    expect(second.status).toBe(401);
    expect(second.body).toEqual(UNAUTHORIZED);
    expect(sim.control.stats()).toMatchObject({ exchanges: 1, exchangeFailures: 1, codeReuse: 1 });
  });

  it('expires codes after codeTtlMs by the injected clock', async () => {
    let now = 1_000_000;
    const sim = createSimulator({ now: () => now, codeTtlMs: 5 * 60_000 });
    const fresh = sim.control.issueCode(SEEDED.verified);
    const stale = sim.control.issueCode(SEEDED.verified);
    now += 5 * 60_000 - 1;
    expect((await exchange(sim, fresh)).status).toBe(200);
    now += 1;
    const late = await exchange(sim, stale);

    expect(late.status).toBe(401);
    expect(late.body).toEqual(UNAUTHORIZED);
    expect(sim.control.stats().codeReuse).toBe(0);
  });

  it('binds a code to the client it was issued for', async () => {
    const sim = createSimulator({ clients: [{ ...DEV_CLIENT, redirectUrls: [] }, OTHER] });
    const code = sim.control.issueCode(SEEDED.verified, OTHER.clientId);
    const wrongClient = await exchange(sim, code);
    const rightClient = await request(sim.app)
      .post(`/v1/${OTHER.clientId}/oauth2/authorize`)
      .set('authorization', OTHER.secret)
      .send({ code });

    expect(wrongClient.status).toBe(401);
    expect(rightClient.status).toBe(200);
    expect(decodeJwt(rightClient.body.accessToken).claims.clientId).toBe(OTHER.clientId);
  });

  it('wants JSON: a form body gets 415, malformed JSON 400, both Boom-shaped', async () => {
    const sim = createSimulator();
    const code = sim.control.issueCode(SEEDED.verified);
    const url = `/v1/${CLIENT_ID}/oauth2/authorize`;
    const form = await request(sim.app).post(url).set('authorization', SECRET).type('form').send({ code });
    const broken = await request(sim.app)
      .post(url)
      .set('authorization', SECRET)
      .type('json')
      .send('{"code":');

    expect(form.status).toBe(415);
    expect(form.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'Unsupported Media Type',
      details: null,
    });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ statusCode: 400, error: 'Bad Request', details: null });
    expect((await exchange(sim, code)).status).toBe(200);
  });
});
