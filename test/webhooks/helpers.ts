import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { SEED_INVESTORS } from '../../src/simulator/fixtures';
import type { InvestorFixture } from '../../src/simulator/fixtures';
import { policyFile, signingKey } from '../helpers/vouch';

/** A token as an operator makes one (URL-safe, 43 characters). */
export const TOKEN = 'Wq3v9ZkT2mR8xYpL5nB7cD1eF4gH6jK0sU-aV_bN8tQ';
export const DOMAIN = 'dom-7f3a';
export const SIGNATURE_HEADER = 'X-Webhook-Signature';

/** Securitize's side of the signature: a key pair, the public half for the BFF's configuration. */
export function keyPair(type: 'ec' | 'rsa' = 'ec') {
  const { publicKey, privateKey } =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

export const signBody = (body: string, key: KeyObject, encoding: 'base64' | 'hex' = 'base64') =>
  sign('sha256', Buffer.from(body), key).toString(encoding);

/**
 * The Domain API as a test double on a real port: `GET /v1/domains/:domain/investors/:externalId`
 * with `Authorization: apiKey <key>`, answering from `investors` (404 for an unknown one), counting
 * every call; `fail` makes it answer that status instead.
 */
export async function startDomainApi(apiKey: string) {
  const investors = new Map<string, string>();
  const state = { calls: 0, fail: 0, delayMs: 0, lastAuthorization: '' };
  const server = http.createServer((req, res) => {
    state.calls += 1;
    state.lastAuthorization = String(req.headers.authorization ?? '');
    const m = /^\/v1\/domains\/([^/]+)\/investors\/([^/]+)$/.exec(req.url ?? '');
    const answer = (status: number, body: unknown) =>
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      }, state.delayMs);
    if (req.headers.authorization !== `apiKey ${apiKey}`)
      return answer(401, { message: 'Unauthorized', statusCode: 401 });
    if (state.fail) return answer(state.fail, { message: 'down', statusCode: state.fail });
    const id = m && investors.get(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`);
    if (!m || !id) return answer(404, { message: 'Not Found', statusCode: 404 });
    answer(200, {
      id: 991,
      externalId: decodeURIComponent(m[2]!),
      securitizeIdProfileId: id,
      kycStatus: 'x',
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    link: (externalId: string, investorId: string) => investors.set(`${DOMAIN}/${externalId}`, investorId),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const webhookEnv = (domainApiUrl: string, publicPem?: string, extra: Record<string, string> = {}) => ({
  SECURITIZE_WEBHOOK_TOKEN: TOKEN,
  SECURITIZE_DOMAIN_API_URL: domainApiUrl,
  SECURITIZE_DOMAIN_API_KEY: 'key-1:domain-secret-5f2b',
  ...(publicPem && {
    SECURITIZE_WEBHOOK_PUBLIC_KEY: publicPem.replace(/\n/g, '\\n'),
    SECURITIZE_WEBHOOK_SIGNATURE_HEADER: SIGNATURE_HEADER,
  }),
  ...extra,
});

/** A KYC event; the same nonce again makes the same body, which the BFF takes as a duplicate. */
export const kycEvent = (externalId: string, nonce = 7) =>
  JSON.stringify({ eventType: 'domain-investor-kyc-update', domainId: DOMAIN, externalId, nonce });

/** A signed delivery to a BFF (signature left out when `key` is undefined). */
export const deliver = (
  bffUrl: string,
  body: string,
  key?: KeyObject,
  path = `/webhooks/securitize/${TOKEN}`,
) =>
  request(bffUrl)
    .post(path)
    .set({ 'content-type': 'application/json', ...(key && { [SIGNATURE_HEADER]: signBody(body, key) }) })
    .send(body);

/** A new investor shaped like a seeded one, in a given KYC status. */
export function investorLike(seedId: string, id: string, status?: string): InvestorFixture {
  const copy = structuredClone(SEED_INVESTORS.find((i) => i.profile.investorId === seedId)!);
  copy.profile.investorId = id;
  if (status) copy.profile.verificationStatus = status;
  return copy;
}

/** Forward-auth decisions for tests that watch them: /invest needs a verified investor. */
export const decisionEnv = () => ({
  FORWARD_AUTH_PORT: '0',
  ASSERTION_SIGNING_KEYS: signingKey('g1'),
  POLICY_FILE: policyFile(`
rules:
  - { path: /invest, policy: { verified: true } }
  - { path: /, policy: null }
`),
});
