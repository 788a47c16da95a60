import { createPublicKey } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createSimulator, SEEDED, type SimulatorOptions } from '../../src/simulator';
import { dataOf, investorGet, loginAs } from './helpers';
import {
  API_KEY,
  DOMAIN_ID,
  KYC_UPDATE,
  domainGet,
  publicKeyOf,
  startReceiver,
  subscribe,
  verifies,
} from './domain-helpers';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
let receiver: Receiver;
afterEach(() => receiver?.close());

const kycStatus = (
  sim: ReturnType<typeof createSimulator>,
  investorId: string,
  status: unknown,
  query = '',
) => request(sim.app).post(`/__control/investors/${investorId}/kyc-status${query}`).send({ status });

/** A simulator with one KYC subscription to a fresh receiver that answers with `statuses`, then 200. */
async function subscribed(options: SimulatorOptions['domainApi'] = {}, statuses: number[] = []) {
  const sim = createSimulator({ domainApi: { deliveryRetryDelayMs: 1, ...options } });
  receiver = await startReceiver(statuses);
  const subscription = await subscribe(sim, receiver.url);
  return { sim, subscription };
}

describe('KYC status control and signed deliveries', () => {
  it.each([
    ['rsa', 'base64'],
    ['rsa', 'hex'],
    ['ec', 'base64'],
    ['ec', 'hex'],
  ] as const)(
    'signs with %s in %s, verifiable with the PEM the signature endpoint gives',
    async (type, encoding) => {
      const { sim, subscription } = await subscribed({ webhookKeyType: type, signatureEncoding: encoding });
      const answer = await kycStatus(sim, SEEDED.verified, 'manual-review');
      const pem = await publicKeyOf(sim);
      const [delivery] = receiver.received;
      const signature = delivery?.headers['x-securitize-signature'];

      expect(answer.body.deliveries).toMatchObject([{ status: 'delivered', attempts: 1, responses: [200] }]);
      expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
      expect(createPublicKey(pem).asymmetricKeyType).toBe(type);
      expect(pem).toBe(sim.control.webhookPublicKey());
      expect(delivery?.path).toBe('/webhooks/securitize/some-long-token');
      expect(delivery?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(delivery?.body ?? '')).toEqual({
        eventType: KYC_UPDATE,
        domainId: DOMAIN_ID,
        externalId: sim.control.externalIdOf(SEEDED.verified),
        subscriptionId: subscription.id,
        nonce: 1,
      });
      expect(signature).toMatch(encoding === 'hex' ? /^[0-9a-f]+$/ : /^[A-Za-z0-9+/]+=*$/);
      expect(verifies(pem, delivery?.body ?? '', signature, encoding)).toBe(true);
      expect(verifies(pem, `${delivery?.body} `, signature, encoding)).toBe(false);
    },
  );

  it('changes what the investor endpoints and the Domain API report; reset puts the seed back', async () => {
    const { sim } = await subscribed();
    const tokens = await loginAs(sim, SEEDED.verified);
    const answer = await kycStatus(sim, SEEDED.verified, 'rejected');
    const profile = dataOf((await investorGet(sim, '', tokens.accessToken)).body, 'wrapped');
    const verification = dataOf(
      (await investorGet(sim, '/verification', tokens.accessToken)).body,
      'wrapped',
    );
    const path = `/v1/domains/${DOMAIN_ID}/investors/${answer.body.externalId}`;
    const domainInvestor = (await domainGet(sim, path)).body;
    sim.control.reset();

    expect(answer.body).toMatchObject({ investorId: SEEDED.verified, status: 'rejected' });
    expect(profile).toMatchObject({ verificationStatus: 'rejected' });
    expect(verification).toMatchObject({ status: 'rejected' });
    expect(domainInvestor).toMatchObject({ kycStatus: 'rejected', securitizeIdProfileId: SEEDED.verified });
    expect((await domainGet(sim, path)).body.kycStatus).toBe('verified');
    expect(sim.control.webhookDeliveries()).toEqual([]);
  });

  it('gives an investor who never started KYC a verification record', async () => {
    const { sim } = await subscribed();
    const tokens = await loginAs(sim, SEEDED.newInvestor);
    const before = await investorGet(sim, '/verification', tokens.accessToken);
    await sim.control.setKycStatus(SEEDED.newInvestor, 'processing');
    const after = await investorGet(sim, '/verification', tokens.accessToken);

    expect(before.status).toBe(404);
    expect(dataOf(after.body, 'wrapped')).toMatchObject({
      investorId: SEEDED.newInvestor,
      status: 'processing',
    });
  });

  it('sends to each active subscription for the event, with its own rising nonce, also for an unchanged status', async () => {
    const { sim, subscription } = await subscribed();
    const second = await subscribe(sim, `${receiver.url}/second`);
    await subscribe(sim, `${receiver.url}/agreements`, {
      eventType: 'domain-investor-subscription-agreement-update',
    });
    await subscribe(sim, `${receiver.url}/paused`, { isActive: false });
    await sim.control.setKycStatus(SEEDED.processing, 'verified');
    await sim.control.setKycStatus(SEEDED.processing, 'verified');

    const seen = receiver.received.map((r) => {
      const body = JSON.parse(r.body) as { subscriptionId: string; nonce: number };
      return `${r.path} ${body.subscriptionId} ${body.nonce}`;
    });
    const base = '/webhooks/securitize/some-long-token';
    expect(seen.sort()).toEqual(
      [
        `${base} ${subscription.id} 1`,
        `${base} ${subscription.id} 2`,
        `${base}/second ${second.id} 1`,
        `${base}/second ${second.id} 2`,
      ].sort(),
    );
    expect(sim.control.webhookSubscriptions().find((s) => s.id === second.id)?.nonce).toBe(2);
  });
});

describe('a receiver that acts on the event while the control waits', () => {
  it('can look the externalId up in the Domain API and read the new status before answering', async () => {
    const sim = createSimulator();
    const running = await sim.listen();
    const seen: unknown[] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', async () => {
        const { domainId, externalId } = JSON.parse(raw) as { domainId: string; externalId: string };
        const lookup = await fetch(`${running.url}/v1/domains/${domainId}/investors/${externalId}`, {
          headers: { authorization: API_KEY },
        });
        seen.push(await lookup.json());
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await subscribe(sim, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    const answer = await fetch(`${running.url}/__control/investors/${SEEDED.verified}/kyc-status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'manual-review' }),
    });
    server.close();
    await running.close();

    expect(((await answer.json()) as { deliveries: unknown[] }).deliveries).toMatchObject([
      { status: 'delivered' },
    ]);
    expect(seen).toMatchObject([{ securitizeIdProfileId: SEEDED.verified, kycStatus: 'manual-review' }]);
  });
});
