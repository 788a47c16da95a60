import request from 'supertest';
import { createSimulator, type Simulator } from '../../src/simulator';
import { CLIENT_ID, SECRET, UNAUTHORIZED } from './helpers';

function patch(sim: Simulator, body: unknown) {
  return request(sim.app)
    .patch(`/v1/${CLIENT_ID}`)
    .set('authorization', SECRET)
    .send(body as object);
}

describe('application config', () => {
  it('GET /v1/:clientId returns appIcon, appName and redirectUrls in the envelope', async () => {
    const sim = createSimulator();
    const res = await request(sim.app).get(`/v1/${CLIENT_ID}`).set('authorization', SECRET);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 0,
      data: {
        appIcon: expect.any(String),
        appName: expect.any(String),
        redirectUrls: ['http://localhost:3000/*'],
      },
      error: {},
      success: true,
    });
  });

  it('PATCH replaces supplied fields, redirectUrls whole, and answers with issuerName (documented quirk)', async () => {
    const sim = createSimulator();
    const res = await patch(sim, { appName: 'Soccer Plays', redirectUrls: ['https://app.test/*'] });
    const after = await request(sim.app).get(`/v1/${CLIENT_ID}`).set('authorization', SECRET);

    expect(res.body.data).toEqual({
      appIcon: after.body.data.appIcon,
      issuerName: 'Soccer Plays',
      redirectUrls: ['https://app.test/*'],
    });
    expect(after.body.data).toMatchObject({ appName: 'Soccer Plays', redirectUrls: ['https://app.test/*'] });
  });

  it('answers with appName when issuerNameQuirk is off', async () => {
    const sim = createSimulator({ issuerNameQuirk: false, envelope: 'bare' });
    const res = await patch(sim, { appIcon: 'https://app.test/icon.png' });

    expect(Object.keys(res.body)).toEqual(['appIcon', 'appName', 'redirectUrls']);
  });

  it('makes a PATCHed allow-list govern the login redirect', async () => {
    const sim = createSimulator();
    await patch(sim, { redirectUrls: ['https://app.test/*'] });
    const form = { issuerId: CLIENT_ID, action: 'cancel' };
    const old = await request(sim.app)
      .post('/login/approve')
      .type('form')
      .send({ ...form, redirecturl: 'http://localhost:3000/cb' });
    const fresh = await request(sim.app)
      .post('/login/approve')
      .type('form')
      .send({ ...form, redirecturl: 'https://app.test/cb' });

    expect(old.status).toBe(400);
    expect(fresh.status).toBe(303);
  });

  it.each([
    [{ redirectUrls: 'https://app.test/*' }, '"redirectUrls" must be an array of non-empty strings'],
    [{ appName: 3 }, '"appName" must be a string'],
    [{ issuerName: 'x' }, '"issuerName" is not allowed'],
    [[], '"value" must be an object'],
  ])('refuses %j with a Boom 400', async (body, message) => {
    const sim = createSimulator();
    const res = await patch(sim, body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message, details: null });
  });

  it('needs the secret', async () => {
    const sim = createSimulator();
    const get = await request(sim.app).get(`/v1/${CLIENT_ID}`).set('authorization', 'nope');
    const write = await request(sim.app).patch(`/v1/${CLIENT_ID}`).send({ appName: 'x' });

    expect(get.body).toEqual(UNAUTHORIZED);
    expect(write.body).toEqual(UNAUTHORIZED);
  });

  it('serves the undocumented /config twin the same way', async () => {
    const sim = createSimulator({ envelope: 'bare' });
    const res = await request(sim.app).get(`/v1/${CLIENT_ID}/config`).set('authorization', SECRET);

    expect(res.body.redirectUrls).toEqual(['http://localhost:3000/*']);
  });
});
