import request from 'supertest';
import { createSimulator, DEV_CLIENT, SEEDED } from '../../src/simulator';
import type { AuthFailure } from '../../src/simulator/types';
import { CLIENT_ID, exchange, gatewayPost, SECRET } from './helpers';

const WRONG = 'wrong-value-456';

function simWithHook() {
  const events: AuthFailure[] = [];
  const sim = createSimulator({
    clients: [{ ...DEV_CLIENT, redirectUrls: [] }],
    onAuthFailure: (e) => events.push(e),
  });
  return { sim, events };
}

describe('onAuthFailure', () => {
  it('tells a direct token call with a wrong, missing or unknown client’s secret, and never the secret', async () => {
    const { sim, events } = simWithHook();
    await exchange(sim, sim.control.issueCode(SEEDED.verified), WRONG);
    await request(sim.app).post(`/v1/${CLIENT_ID}/oauth2/refresh`).send({ refreshToken: 'x' });
    await request(sim.app)
      .post('/v1/nobody/oauth2/authorize')
      .set('authorization', SECRET)
      .send({ code: 'x' });

    expect(events).toEqual([
      { clientId: CLIENT_ID, reason: 'wrong_secret' },
      { clientId: CLIENT_ID, reason: 'missing_secret' },
      { clientId: 'nobody', reason: 'unknown_client' },
    ]);
    expect(JSON.stringify(events)).not.toContain(WRONG);
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it('tells the gateway’s token calls by their clientid header; one without it names no client and is not told', async () => {
    const { sim, events } = simWithHook();
    await gatewayPost(
      sim,
      'authorize',
      { code: 'x' },
      { clientid: CLIENT_ID, authorization: `Bearer ${WRONG}` },
    );
    await gatewayPost(sim, 'refresh', { refreshToken: 'x' }, { clientid: CLIENT_ID });
    await gatewayPost(sim, 'refresh', { refreshToken: 'x' }, { authorization: `Bearer ${SECRET}` });

    expect(events).toEqual([
      { clientId: CLIENT_ID, reason: 'wrong_secret' },
      { clientId: CLIENT_ID, reason: 'missing_secret' },
    ]);
  });

  it('is not told when the secret is right (a bad code), nor for calls other than token calls', async () => {
    const { sim, events } = simWithHook();
    expect((await exchange(sim, 'not-a-code')).status).toBe(401);
    expect((await request(sim.app).get(`/v1/${CLIENT_ID}`).set('authorization', WRONG)).status).toBe(401);
    const investor = request(sim.app).get(`/v1/${CLIENT_ID}/investor`).set('authorization', WRONG);
    expect((await investor.set('access-token', 'x')).status).toBe(401);

    expect(events).toEqual([]);
  });
});
