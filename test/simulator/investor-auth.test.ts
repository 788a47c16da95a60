import request from 'supertest';
import { createSimulator, DEV_CLIENT, SEEDED } from '../../src/simulator';
import { CLIENT_ID, investorGet, loginAs, SECRET, UNAUTHORIZED } from './helpers';

const OTHER = { clientId: '0a1b2c3d-0000-4000-8000-000000000002', secret: 'other-secret', redirectUrls: [] };

describe('investor endpoint authentication', () => {
  it('needs the app secret as well as the access token', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const noSecret = await request(sim.app).get(`/v1/${CLIENT_ID}/investor`).set('access-token', accessToken);
    const noToken = await request(sim.app).get(`/v1/${CLIENT_ID}/investor`).set('authorization', SECRET);
    const bearer = await request(sim.app)
      .get(`/v1/${CLIENT_ID}/investor`)
      .set('authorization', `Bearer ${SECRET}`)
      .set('access-token', accessToken);

    for (const res of [noSecret, noToken, bearer]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHORIZED);
    }
  });

  it('refuses a token sent as Authorization: Bearer instead of access-token', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const res = await request(sim.app)
      .get(`/v1/${CLIENT_ID}/investor`)
      .set('authorization', `Bearer ${accessToken}`);

    expect(res.status).toBe(401);
  });

  it('refuses a tampered or foreign token', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const [header, , signature] = accessToken.split('.');
    const claims = { accessToken: 'x', investorId: SEEDED.entity, clientId: CLIENT_ID, iat: 1, exp: 9e9 };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const otherSim = createSimulator();
    const foreign = (await loginAs(otherSim, SEEDED.verified)).accessToken;

    expect((await investorGet(sim, '', forged)).status).toBe(401);
    expect((await investorGet(sim, '', foreign)).status).toBe(401);
    expect((await investorGet(sim, '', 'garbage')).status).toBe(401);
  });

  it('refuses a token issued to another client', async () => {
    const sim = createSimulator({ clients: [{ ...DEV_CLIENT, redirectUrls: [] }, OTHER] });
    const code = sim.control.issueCode(SEEDED.verified, OTHER.clientId);
    const tokens = await request(sim.app)
      .post(`/v1/${OTHER.clientId}/oauth2/authorize`)
      .set('authorization', OTHER.secret)
      .send({ code });
    const res = await investorGet(sim, '', tokens.body.accessToken);

    expect(tokens.status).toBe(200);
    expect(res.body).toEqual(UNAUTHORIZED);
  });

  it('forgets tokens on reset()', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    sim.control.reset();

    expect((await investorGet(sim, '', accessToken)).status).toBe(401);
  });
});

describe('envelope switches', () => {
  it('uses status 200 in the envelope when asked, at construction or at run time', async () => {
    const sim = createSimulator({ envelopeStatus: 200 });
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const first = await investorGet(sim, '', accessToken);
    sim.control.setEnvelope('bare');
    const bare = await investorGet(sim, '', accessToken);
    sim.control.setEnvelope('wrapped', 0);
    const wrapped = await investorGet(sim, '', accessToken);

    expect(first.body).toMatchObject({ status: 200, success: true, error: {} });
    expect(bare.body.investorId).toBe(SEEDED.verified);
    expect(wrapped.body).toMatchObject({ status: 0, data: { investorId: SEEDED.verified } });
  });

  it('keeps the token endpoints bare whatever the envelope', async () => {
    const sim = createSimulator({ envelope: 'wrapped' });
    const tokens = await loginAs(sim, SEEDED.verified);

    expect(tokens.investorId).toBe(SEEDED.verified);
  });
});

describe('errors', () => {
  it('answers an unknown document or signer with a Boom 404', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.entity);
    const boom404 = { statusCode: 404, error: 'Not Found', message: 'Not Found', details: null };
    const verifiedDoc = await investorGet(sim, '/documents/65f0a1b2c3d4e5f6a7b8c911/view', accessToken);
    const signerDocAsOwn = await investorGet(sim, '/documents/65f0b1b2c3d4e5f6a7b8c921/view', accessToken);
    const wrongSigner = await investorGet(
      sim,
      '/signers/5ecece7244ba5b00184cbb88/documents/65f0b1b2c3d4e5f6a7b8c921/view',
      accessToken,
    );

    for (const res of [verifiedDoc, signerDocAsOwn, wrongSigner]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(boom404);
    }
  });

  it('answers unknown paths and methods with a Boom 404, recorded', async () => {
    const sim = createSimulator();
    const res = await request(sim.app).delete(`/v1/${CLIENT_ID}/investor`);
    const outside = await request(sim.app).get('/nope');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found', details: null });
    expect(outside.status).toBe(404);
    expect(sim.control.calls().map((c) => c.path)).toEqual([`/v1/${CLIENT_ID}/investor`]);
  });

  it('survives hostile input', async () => {
    const sim = createSimulator();
    const big = 'x'.repeat(2 * 1024 * 1024);
    const cases = [
      request(sim.app).get('/v1/%E0%A4%A/investor'),
      request(sim.app)
        .post(`/v1/${CLIENT_ID}/oauth2/authorize`)
        .set('content-type', 'application/json')
        .send(big),
      request(sim.app)
        .post(`/v1/${CLIENT_ID}/oauth2/authorize`)
        .set('content-encoding', 'br-nope')
        .send('{}'),
      request(sim.app)
        .post(`/v1/${CLIENT_ID}/oauth2/authorize`)
        .set('authorization', SECRET)
        .type('json')
        .send('null'),
      request(sim.app).post('/__control/faults').type('json').send('{"kind":'),
      request(sim.app).post('/login/approve').type('form').send('issuerId=a&issuerId=b&redirecturl[x]=1'),
    ];
    const statuses = (await Promise.all(cases)).map((r) => r.status);

    expect(statuses).toEqual([400, 413, 415, 401, 400, 400]);
    expect((await request(sim.app).get('/')).status).toBe(200);
  });
});
