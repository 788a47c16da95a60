import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { createSimulator, SEEDED, signWebhookBody } from '../../src/simulator';
import { DOMAIN_ID, KYC_UPDATE, publicKeyOf, startReceiver, subscribe, verifies } from './domain-helpers';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
let receiver: Receiver;
afterEach(() => receiver.close());

async function withSubscription(options: object = {}) {
  const sim = createSimulator({ domainApi: { deliveryRetryDelayMs: 1, ...options } });
  receiver = await startReceiver();
  const subscription = await subscribe(sim, receiver.url);
  return { sim, subscription };
}

const send = (sim: ReturnType<typeof createSimulator>, body: unknown) =>
  request(sim.app)
    .post('/__control/webhooks/send')
    .send(body as object);

describe('POST /__control/webhooks/send', () => {
  it.each([
    ['top', (extra: object) => ({ eventType: KYC_UPDATE, domainId: DOMAIN_ID, externalId: 'x-1', ...extra })],
    [
      'data',
      (extra: object) => ({
        eventType: KYC_UPDATE,
        ...extra,
        data: { domainId: DOMAIN_ID, externalId: 'x-1' },
      }),
    ],
    [
      'payload',
      (extra: object) => ({
        eventType: KYC_UPDATE,
        ...extra,
        payload: { domainId: DOMAIN_ID, externalId: 'x-1' },
      }),
    ],
  ])('puts the properties where shape %s says, signed', async (shape, expected) => {
    const { sim, subscription } = await withSubscription();
    const res = await send(sim, { eventType: KYC_UPDATE, body: { externalId: 'x-1' }, shape });
    const [got] = receiver.received;

    expect(res.body.deliveries).toMatchObject([{ status: 'delivered', signature: 'valid', body: got?.body }]);
    expect(JSON.parse(got?.body ?? '')).toEqual(expected({ subscriptionId: subscription.id, nonce: 1 }));
    expect(verifies(await publicKeyOf(sim), got?.body ?? '', got?.headers['x-securitize-signature'])).toBe(
      true,
    );
  });

  it('sends a bad signature or none, in the header and encoding configured', async () => {
    const { sim } = await withSubscription({ signatureHeader: 'X-Sig', signatureEncoding: 'hex' });
    await send(sim, { signature: 'invalid', body: { externalId: 'x-1' } });
    await send(sim, { signature: 'none', body: { externalId: 'x-1' } });
    await send(sim, { body: { externalId: 'x-1' } });
    const pem = await publicKeyOf(sim);
    const [invalid, none, valid] = receiver.received;

    expect(invalid?.headers['x-sig']).toMatch(/^[0-9a-f]+$/);
    expect(verifies(pem, invalid?.body ?? '', invalid?.headers['x-sig'], 'hex')).toBe(false);
    expect(none?.headers['x-sig']).toBeUndefined();
    expect(none?.headers['x-securitize-signature']).toBeUndefined();
    expect(verifies(pem, valid?.body ?? '', valid?.headers['x-sig'], 'hex')).toBe(true);
  });

  it('sends a string body as it is, and any event type to a payloadUrl of the caller’s choosing', async () => {
    const { sim } = await withSubscription();
    const raw = '{"eventType":"domain-investor-kyc-update", broken';
    await send(sim, { body: raw });
    const direct = await send(sim, { eventType: 'investor-merged', payloadUrl: `${receiver.url}/direct` });
    const [first, second] = receiver.received;

    expect(first?.body).toBe(raw);
    expect(verifies(await publicKeyOf(sim), raw, first?.headers['x-securitize-signature'])).toBe(true);
    expect(second?.path).toBe('/webhooks/securitize/some-long-token/direct');
    expect(JSON.parse(second?.body ?? '')).toEqual({
      eventType: 'investor-merged',
      domainId: DOMAIN_ID,
      nonce: 1,
    });
    expect(direct.body.deliveries[0].subscriptionId).toBeNull();
  });

  it('sends nothing when no active subscription is for the event', async () => {
    const { sim } = await withSubscription();
    const res = await send(sim, { eventType: 'health-check', body: { externalId: 'x' } });

    expect(res.body).toEqual({ deliveries: [] });
    expect(receiver.received).toEqual([]);
  });

  it.each([
    [{ shape: 'nested' }, 'shape must be one of top, data, payload'],
    [{ signature: 'maybe' }, 'signature must be one of valid, invalid, none'],
    [{ eventType: '' }, 'eventType must be a non-empty string'],
    [{ body: 5 }, 'body must be an object of event properties or a string'],
    [{ payloadUrl: 'file:///etc/passwd' }, 'payloadUrl must be an http(s) URL'],
    [{ to: 'x' }, 'to is not a send setting'],
    [[1], 'body must be an object'],
  ])('refuses %j with a 400 naming the problem', async (body, message) => {
    const { sim } = await withSubscription();
    const res = await send(sim, body);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(message);
    await expect(sim.control.sendWebhook(body as never)).rejects.toThrow(message);
  });

  it('is there in code too, and signWebhookBody signs as the deliveries are signed', async () => {
    const { sim } = await withSubscription({ webhookKeyType: 'ec' });
    const [delivery] = await sim.control.sendWebhook({ eventType: KYC_UPDATE, body: { externalId: 'x-2' } });
    const own = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = own.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const signature = signWebhookBody(
      '{"a":1}',
      own.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'hex',
    );

    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(
      verifies(
        sim.control.webhookPublicKey(),
        delivery?.body ?? '',
        receiver.received[0]?.headers['x-securitize-signature'],
      ),
    ).toBe(true);
    expect(verifies(pem, '{"a":1}', signature, 'hex')).toBe(true);
    expect(verifies(pem, '{"a":1}', signWebhookBody('{"a":1}', own.privateKey), 'base64')).toBe(true);
    expect((await sim.control.setKycStatus(SEEDED.expired, 'verified')).deliveries).toHaveLength(1);
  });

  it('refuses a bad KYC status or an unknown investor', async () => {
    const { sim } = await withSubscription();
    const kyc = (id: string, body: object) =>
      request(sim.app).post(`/__control/investors/${id}/kyc-status`).send(body);
    const answers = await Promise.all([
      kyc(SEEDED.verified, {}),
      kyc(SEEDED.verified, { status: 'Verified!' }),
      kyc('nope', { status: 'verified' }),
    ]);

    expect(answers.map((r) => [r.status, r.body.message])).toEqual([
      [400, 'status must be a string'],
      [400, 'status must be a lower-case KYC status word'],
      [404, 'unknown investorId nope'],
    ]);
    await expect(sim.control.setKycStatus('nope', 'verified')).rejects.toThrow('unknown investorId nope');
    expect(receiver.received).toEqual([]);
  });
});
