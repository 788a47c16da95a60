import { verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DEV_DOMAIN, type Simulator } from '../../src/simulator';

export const DOMAIN_ID = DEV_DOMAIN.domainId;
export const API_KEY = `apiKey ${DEV_DOMAIN.apiKey}`;
export const KYC_UPDATE = 'domain-investor-kyc-update';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A tiny webhook receiver on an ephemeral port: records every request's raw body and answers with the next queued
 * status (200 once the queue is empty); `hang` leaves the next requests unanswered.
 */
export async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const queue = [...statuses];
  let hanging = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (hanging > 0) return void (hanging -= 1);
      res.statusCode = queue.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/securitize/some-long-token`,
    received,
    hang: (n: number) => void (hanging = n),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `authorization` null sends none. */
export function domainGet(sim: Simulator, path: string, authorization: string | null = API_KEY) {
  const req = request(sim.app).get(path);
  return authorization === null ? req : req.set('authorization', authorization);
}

export async function subscribe(sim: Simulator, payloadUrl: string, fields: Record<string, unknown> = {}) {
  const res = await request(sim.app)
    .post('/v1/webhooks/subscriptions')
    .set('authorization', API_KEY)
    .send({ domainId: DOMAIN_ID, eventType: KYC_UPDATE, payloadUrl, ...fields });
  expect(res.status).toBe(201);
  return res.body as { id: string; nonce: number };
}

/** The public key as a BFF would get it: POST /v1/webhooks/settings/signature. */
export async function publicKeyOf(sim: Simulator): Promise<string> {
  const res = await request(sim.app).post('/v1/webhooks/settings/signature').set('authorization', API_KEY);
  expect(res.status).toBe(201);
  return (res.body as { publicKey: string }).publicKey;
}

/** SHA-256 over the raw body; RSA PKCS#1 v1.5 or DER ECDSA, as the key says. */
export function verifies(
  publicKeyPem: string,
  body: string,
  signature: string | string[] | undefined,
  encoding: 'base64' | 'hex' = 'base64',
): boolean {
  if (typeof signature !== 'string') return false;
  const key = { key: publicKeyPem, dsaEncoding: 'der' as const };
  return verify('sha256', Buffer.from(body, 'utf8'), key, Buffer.from(signature, encoding));
}
