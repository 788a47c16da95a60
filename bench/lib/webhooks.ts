import { randomBytes } from 'node:crypto';
import { DEFAULT_SIGNATURE_HEADER, DEV_DOMAIN } from '../../src/simulator/domain/options';
import { http, postJson } from './http';

/** The one event the BFF acts on, as the simulator's Domain API names it. */
export const KYC_UPDATE = 'domain-investor-kyc-update';
const API_KEY = { authorization: `apiKey ${DEV_DOMAIN.apiKey}` };

/**
 * The product's webhook settings against the simulator playing Securitize: a fresh path token, the
 * Domain API (the simulator, its development domain's key), and the simulator's public key with its
 * header, so every delivery's signature is checked (`enforce`, the default with a key).
 */
export async function webhookEnv(simUrl: string): Promise<{ token: string; env: Record<string, string> }> {
  const r = await http(`${simUrl}/__control/webhooks/public-key`);
  const pem = (JSON.parse(r.body) as { publicKey?: string }).publicKey;
  if (r.status !== 200 || !pem) throw new Error(`the simulator's public key: ${r.status}`);
  const token = randomBytes(32).toString('base64url');
  return {
    token,
    env: {
      SECURITIZE_WEBHOOK_TOKEN: token,
      SECURITIZE_WEBHOOK_PUBLIC_KEY: pem.replace(/\n/g, '\\n'),
      SECURITIZE_WEBHOOK_SIGNATURE_HEADER: DEFAULT_SIGNATURE_HEADER,
      SECURITIZE_DOMAIN_API_URL: simUrl,
      SECURITIZE_DOMAIN_API_KEY: DEV_DOMAIN.apiKey,
    },
  };
}

/** Registers `payloadUrl` for KYC updates with the simulator's Domain API; resolves to a function that removes it. */
export async function subscribe(simUrl: string, payloadUrl: string): Promise<() => Promise<void>> {
  const r = await postJson(
    `${simUrl}/v1/webhooks/subscriptions`,
    { eventType: KYC_UPDATE, payloadUrl },
    API_KEY,
  );
  const id = (JSON.parse(r.body || '{}') as { id?: string }).id;
  if (r.status !== 201 || !id) throw new Error(`webhook subscription answered ${r.status}`);
  return async () =>
    void (await http(`${simUrl}/v1/webhooks/subscriptions/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      headers: API_KEY,
    }));
}

/**
 * Sets an investor's KYC status in the simulator, which then delivers a signed KYC update to each
 * subscription; resolves once they were answered, with what each delivery got (`delivered 200`).
 */
export async function setKycStatus(simUrl: string, investorId: string, status: string): Promise<string[]> {
  const r = await postJson(`${simUrl}/__control/investors/${encodeURIComponent(investorId)}/kyc-status`, {
    status,
  });
  if (r.status !== 200) throw new Error(`kyc-status answered ${r.status}`);
  const change = JSON.parse(r.body) as { deliveries?: Array<{ status: string; responses: unknown[] }> };
  return (change.deliveries ?? []).map((d) => `${d.status} ${d.responses.join(',')}`.trim());
}

/** The investor's KYC status as the simulator's domain lists it (undefined when it does not). */
export async function kycStatusOf(simUrl: string, investorId: string): Promise<string | undefined> {
  const r = await http(`${simUrl}/__control/domain-investors`);
  const list = JSON.parse(r.body) as Array<{ investorId: string; kycStatus: string }>;
  return list.find((e) => e.investorId === investorId)?.kycStatus;
}
