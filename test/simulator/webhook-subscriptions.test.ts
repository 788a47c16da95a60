import request from 'supertest';
import { createSimulator, DEV_DOMAIN } from '../../src/simulator';
import { API_KEY, DOMAIN_ID, KYC_UPDATE, subscribe } from './domain-helpers';

const URL_A = 'https://bff.example.com/webhooks/securitize/token-a';
const URL_B = 'https://bff.example.com/webhooks/securitize/token-b';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('Webhook subscriptions: /v1/webhooks/subscriptions', () => {
  it('creates, lists, reads, updates and deletes, in the Domain API field names', async () => {
    const sim = createSimulator();
    const api = request(sim.app);
    const created = await api
      .post('/v1/webhooks/subscriptions')
      .set('authorization', API_KEY)
      .send({ domainId: DOMAIN_ID, eventType: KYC_UPDATE, payloadUrl: URL_A });
    const id = created.body.id as string;
    const listed = await api.get('/v1/webhooks/subscriptions').set('authorization', API_KEY);
    const read = await api.get(`/v1/webhooks/subscriptions/${id}`).set('authorization', API_KEY);
    const patched = await api
      .patch(`/v1/webhooks/subscriptions/${id}`)
      .set('authorization', API_KEY)
      .send({ isActive: false, payloadUrl: URL_B });
    const deleted = await api.delete(`/v1/webhooks/subscriptions/${id}`).set('authorization', API_KEY);
    const gone = await api.get(`/v1/webhooks/subscriptions/${id}`).set('authorization', API_KEY);

    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      domainId: DOMAIN_ID,
      eventType: KYC_UPDATE,
      payloadUrl: URL_A,
      isActive: true,
      nonce: 0,
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
    });
    expect(listed.body).toEqual([created.body]);
    expect(read.body).toEqual(created.body);
    expect(patched.body).toMatchObject({ id, isActive: false, payloadUrl: URL_B, eventType: KYC_UPDATE });
    expect(deleted.status).toBe(200);
    expect(deleted.body.id).toBe(id);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ statusCode: 404, message: 'Subscription not found', error: 'Not Found' });
    expect(sim.control.webhookSubscriptions()).toEqual([]);
  });

  it('takes the key’s own domain when domainId is left out, refuses another domain with 403', async () => {
    const sim = createSimulator();
    const implicit = await request(sim.app)
      .post('/v1/webhooks/subscriptions')
      .set('authorization', API_KEY)
      .send({ eventType: KYC_UPDATE, payloadUrl: URL_A });
    const foreign = await request(sim.app)
      .post('/v1/webhooks/subscriptions')
      .set('authorization', API_KEY)
      .send({ domainId: 'another', eventType: KYC_UPDATE, payloadUrl: URL_A });

    expect(implicit.body.domainId).toBe(DOMAIN_ID);
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual({ statusCode: 403, message: 'Forbidden resource', error: 'Forbidden' });
  });

  it.each([
    [
      { payloadUrl: URL_A, events: [KYC_UPDATE] },
      ['property events should not exist', expect.stringMatching(/^eventType must be one of/)],
    ],
    [
      { eventType: 'investor-deleted', payloadUrl: URL_A },
      [expect.stringMatching(/^eventType must be one of/)],
    ],
    [{ eventType: KYC_UPDATE, payloadUrl: 'ftp://x.test/a' }, ['payloadUrl must be a URL address']],
    [{ eventType: KYC_UPDATE, payloadUrl: URL_A, isActive: 'yes' }, ['isActive must be a boolean value']],
    [{ eventType: KYC_UPDATE, payloadUrl: URL_A, domainId: 5 }, ['domainId must be a string']],
    [['not', 'an', 'object'], ['body must be a JSON object']],
  ])('refuses %j with a NestJS validation 400', async (body, message) => {
    const sim = createSimulator();
    const res = await request(sim.app)
      .post('/v1/webhooks/subscriptions')
      .set('authorization', API_KEY)
      .send(body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, message, error: 'Bad Request' });
  });

  it('refuses a PATCH with a bad field, and answers 404 to an unknown id', async () => {
    const sim = createSimulator();
    const { id } = await subscribe(sim, URL_A);
    const api = request(sim.app);

    const bad = await api
      .patch(`/v1/webhooks/subscriptions/${id}`)
      .set('authorization', API_KEY)
      .send({ nonce: 9 });
    const unknown = await api.patch('/v1/webhooks/subscriptions/nope').set('authorization', API_KEY).send({});
    const unknownDelete = await api.delete('/v1/webhooks/subscriptions/nope').set('authorization', API_KEY);

    expect(bad.status).toBe(400);
    expect([unknown.status, unknownDelete.status]).toEqual([404, 404]);
  });

  it('subscribes in code as over HTTP, KYC updates by default, and refuses what HTTP refuses', async () => {
    const sim = createSimulator();
    const created = sim.control.subscribeWebhook({ payloadUrl: URL_A });
    const listed = await request(sim.app).get('/v1/webhooks/subscriptions').set('authorization', API_KEY);

    expect(created).toMatchObject({
      domainId: DOMAIN_ID,
      eventType: KYC_UPDATE,
      payloadUrl: URL_A,
      isActive: true,
    });
    expect(listed.body).toEqual([created]);
    expect(() => sim.control.subscribeWebhook({ payloadUrl: 'nope' })).toThrow(
      'payloadUrl must be a URL address',
    );
    expect(() => sim.control.subscribeWebhook({ payloadUrl: URL_A, domainId: 'x' })).toThrow(
      'Forbidden resource',
    );
  });

  it('lists the event types with their properties', async () => {
    const sim = createSimulator();
    const res = await request(sim.app).get('/v1/webhooks/events').set('authorization', API_KEY);

    expect(res.body).toContainEqual({ eventType: KYC_UPDATE, properties: ['domainId', 'externalId'] });
  });

  it.each([
    ['GET', '/v1/webhooks/subscriptions'],
    ['POST', '/v1/webhooks/subscriptions'],
    ['GET', '/v1/webhooks/subscriptions/any'],
    ['PATCH', '/v1/webhooks/subscriptions/any'],
    ['DELETE', '/v1/webhooks/subscriptions/any'],
    ['GET', '/v1/webhooks/events'],
    ['POST', '/v1/webhooks/settings/signature'],
  ])('answers %s %s with a plain-text 401 anonymously and with a wrong key', async (method, path) => {
    const sim = createSimulator();
    const call = (auth?: string) => {
      const req = request(sim.app)[method.toLowerCase() as 'get'](path).send({});
      return auth === undefined ? req : req.set('authorization', auth);
    };
    const answers = [await call(), await call(`apiKey ${DEV_DOMAIN.apiKey}x`), await call('apiKey ')];

    expect(answers.map((r) => [r.status, r.text])).toEqual(Array(3).fill([401, 'Unauthorized']));
  });

  it('is emptied by reset, over HTTP and in code', async () => {
    const sim = createSimulator();
    await subscribe(sim, URL_A);
    await request(sim.app).post('/__control/reset');
    const afterHttp = sim.control.webhookSubscriptions();
    await subscribe(sim, URL_B);
    const listed = await request(sim.app).get('/__control/webhooks/subscriptions');
    sim.control.reset();

    expect(afterHttp).toEqual([]);
    expect(listed.body.map((s: { payloadUrl: string }) => s.payloadUrl)).toEqual([URL_B]);
    expect(sim.control.webhookSubscriptions()).toEqual([]);
  });
});
