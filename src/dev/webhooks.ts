import { randomBytes } from 'node:crypto';
import { DEV_DOMAIN, type Simulator } from '../simulator';

type Env = Record<string, string | undefined>;

/**
 * Securitize's KYC webhooks against the bundled simulator: a random path token, the simulator's
 * Domain API and signing key, and a subscription that sends its `domain-investor-kyc-update`
 * events straight to this BFF (server to server, on 127.0.0.1:PORT, past any front door). So
 * changing an investor's KYC status on the simulator's /__control/kyc page reaches the demo at once.
 * Nothing when the environment configures webhooks itself, or when PORT=0 (no address to give).
 */
export function devWebhooks(
  env: Env,
  sim: Simulator,
  simUrl: string,
): { env: Env; note: string } | undefined {
  if (env.SECURITIZE_WEBHOOK_TOKEN) return undefined;
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port === 0) return undefined;
  const token = randomBytes(32).toString('base64url');
  const prefix = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).pathname.replace(/\/$/, '') : '';
  sim.control.subscribeWebhook({
    payloadUrl: `http://127.0.0.1:${port}${prefix}/webhooks/securitize/${token}`,
  });
  return {
    env: {
      SECURITIZE_WEBHOOK_TOKEN: token,
      SECURITIZE_DOMAIN_API_URL: simUrl,
      SECURITIZE_DOMAIN_API_KEY: DEV_DOMAIN.apiKey,
      SECURITIZE_WEBHOOK_PUBLIC_KEY: sim.control.webhookPublicKey(),
      SECURITIZE_WEBHOOK_SIGNATURE_HEADER: 'x-securitize-signature',
    },
    note: `Securitize webhooks from the simulator: change an investor's KYC status at ${simUrl.replace('127.0.0.1', 'localhost')}/__control/kyc and the BFF hears it.`,
  };
}
