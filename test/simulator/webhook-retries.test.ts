import { createServer } from 'node:net';
import request from 'supertest';
import { createSimulator, SEEDED } from '../../src/simulator';
import { publicKeyOf, startReceiver, subscribe, verifies } from './domain-helpers';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const QUICK = { deliveryRetryDelayMs: 1 };

async function deliverTo(statuses: number[], options: object = QUICK) {
  const sim = createSimulator({ domainApi: { ...QUICK, ...options } });
  receiver = await startReceiver(statuses);
  await subscribe(sim, receiver.url);
  const change = await sim.control.setKycStatus(SEEDED.verified, 'expired');
  return { sim, delivery: change.deliveries[0], received: receiver.received };
}

/** A port nothing listens on: bound by the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('delivery retries', () => {
  it('retries after 5xx answers and sends the same signed bytes each time', async () => {
    const { sim, delivery, received } = await deliverTo([500, 503]);
    const pem = await publicKeyOf(sim);

    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, responses: [500, 503, 200] });
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(new Set(received.map((r) => r.headers['x-securitize-signature'])).size).toBe(1);
    expect(received.every((r) => verifies(pem, r.body, r.headers['x-securitize-signature']))).toBe(true);
  });

  it('gives up after deliveryAttempts tries', async () => {
    const three = await deliverTo([500, 500, 500, 500]);
    await receiver?.close();
    const one = await deliverTo([502], { deliveryAttempts: 1 });

    expect(three.delivery).toMatchObject({ status: 'failed', attempts: 3, responses: [500, 500, 500] });
    expect(one.delivery).toMatchObject({ status: 'failed', attempts: 1, responses: [502] });
  });

  it.each([400, 401, 404, 413, 301])('does not retry a %s', async (status) => {
    const { delivery, received } = await deliverTo([status]);

    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, responses: [status] });
    expect(received).toHaveLength(1);
  });

  it('retries a refused connection and records its code', async () => {
    const sim = createSimulator({ domainApi: QUICK });
    await subscribe(sim, `http://127.0.0.1:${await closedPort()}/hook`);
    const { deliveries } = await sim.control.setKycStatus(SEEDED.verified, 'expired');

    expect(deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      responses: [null, null, null],
      error: 'ECONNREFUSED',
    });
  });

  it('gives up on an attempt left unanswered past deliveryTimeoutMs, then retries', async () => {
    // Long enough that a loaded machine answers the tries the receiver does answer in time.
    const sim = createSimulator({ domainApi: { ...QUICK, deliveryTimeoutMs: 1000 } });
    receiver = await startReceiver();
    receiver.hang(1);
    await subscribe(sim, receiver.url);
    const { deliveries } = await sim.control.setKycStatus(SEEDED.verified, 'expired');

    expect(deliveries[0]).toMatchObject({ status: 'delivered', error: 'ETIMEDOUT' });
    expect(deliveries[0]?.responses[0]).toBeNull();
    expect(deliveries[0]?.responses.at(-1)).toBe(200);
    expect(receiver.received.length).toBe(deliveries[0]?.attempts);
  });

  it('lists deliveries over HTTP, answers at once with ?wait=false, and reset forgets them', async () => {
    const sim = createSimulator({ domainApi: QUICK });
    receiver = await startReceiver();
    receiver.hang(1);
    await subscribe(sim, receiver.url);
    const quick = await request(sim.app)
      .post(`/__control/investors/${SEEDED.verified}/kyc-status?wait=false`)
      .send({ status: 'expired' });
    const listed = await request(sim.app).get('/__control/webhooks/deliveries');
    await request(sim.app).post('/__control/reset');

    expect(quick.body.deliveries).toMatchObject([{ status: 'pending', attempts: 1, responses: [] }]);
    expect(listed.body).toMatchObject([
      { id: quick.body.deliveries[0].id, eventType: 'domain-investor-kyc-update' },
    ]);
    expect((await request(sim.app).get('/__control/webhooks/deliveries')).body).toEqual([]);
  });
});
