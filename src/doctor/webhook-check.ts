import type { Config } from '../config';
import { listWebhookSubscriptions } from '../securitize';
import { Check, fail, ok, skip, warn } from './checks';

const KYC_UPDATE = 'domain-investor-kyc-update';
const LABEL = 'Securitize webhooks';

/** The POST that creates the subscription, with the key and the token as shell variables: never their values. */
function createCurl(domainApiUrl: string, publicUrl: string): string {
  const body = `{"domainId":"<your domain id>","eventType":"${KYC_UPDATE}","payloadUrl":"${publicUrl}/webhooks/securitize/'"$SECURITIZE_WEBHOOK_TOKEN"'","isActive":true}`;
  return (
    `curl -sS -X POST '${domainApiUrl}/v1/webhooks/subscriptions' -H "Authorization: apiKey $SECURITIZE_DOMAIN_API_KEY" ` +
    `-H 'content-type: application/json' -d '${body}'`
  );
}

/**
 * Securitize's KYC webhooks, when configured: the Domain API takes the key, a subscription to the
 * KYC event sends to this BFF's webhook URL (compared whole, printed without its token), and
 * whether signatures are enforced.
 */
export async function checkWebhooks(config: Config, timeoutMs: number): Promise<Check[]> {
  const hooks = config.webhooks;
  if (!hooks) return [skip('webhooks', LABEL, 'off (set SECURITIZE_WEBHOOK_TOKEN to receive KYC changes)')];
  const publicUrl = config.publicUrl.replace(/\/+$/, '');
  const wanted = `${publicUrl}/webhooks/securitize/${hooks.token}`;
  const shown = `${publicUrl}/webhooks/securitize/…`;
  const checks: Check[] = [];
  const answer = await listWebhookSubscriptions({
    baseUrl: hooks.domainApi.url,
    apiKey: hooks.domainApi.apiKey,
    timeoutMs,
  }).catch(() => undefined);
  if (!answer)
    checks.push(
      fail(
        'webhooks.domain_api',
        'Domain API',
        `${hooks.domainApi.url} did not answer`,
        'check SECURITIZE_DOMAIN_API_URL',
      ),
    );
  else if (answer.status === 401 || answer.status === 403)
    checks.push(
      fail(
        'webhooks.domain_api',
        'Domain API',
        `${hooks.domainApi.url} refused the key (HTTP ${answer.status})`,
        'check SECURITIZE_DOMAIN_API_KEY (keyId:keySecret, your organisation’s Domain API key, not the Connect secret)',
      ),
    );
  else if (answer.status !== 200)
    checks.push(
      fail(
        'webhooks.domain_api',
        'Domain API',
        `GET /v1/webhooks/subscriptions answered HTTP ${answer.status}`,
        'check SECURITIZE_DOMAIN_API_URL',
      ),
    );
  else {
    const subs = answer.subscriptions ?? [];
    checks.push(
      ok(
        'webhooks.domain_api',
        'Domain API',
        `${hooks.domainApi.url} takes the key (${subs.length} subscription(s))`,
      ),
    );
    const mine = subs.find((s) => s.eventType === KYC_UPDATE && s.payloadUrl === wanted);
    const otherToken = subs.some(
      (s) => s.payloadUrl.startsWith(`${publicUrl}/webhooks/securitize/`) && s.payloadUrl !== wanted,
    );
    if (mine?.isActive)
      checks.push(ok('webhooks.subscription', 'webhook subscription', `${KYC_UPDATE} sends to ${shown}`));
    else if (mine)
      checks.push(
        warn(
          'webhooks.subscription',
          'webhook subscription',
          `the ${KYC_UPDATE} subscription to ${shown} is paused`,
          'PATCH it with {"isActive":true}',
        ),
      );
    else
      checks.push(
        fail(
          'webhooks.subscription',
          'webhook subscription',
          otherToken
            ? `a subscription sends to ${shown} with another token than SECURITIZE_WEBHOOK_TOKEN`
            : `no ${KYC_UPDATE} subscription sends to ${shown}`,
          otherToken
            ? 'set SECURITIZE_WEBHOOK_TOKEN to the registered one, or create a subscription with this one (with the key and token in your shell):\n' +
                createCurl(hooks.domainApi.url, publicUrl)
            : `create it (with the key and token in your shell):\n${createCurl(hooks.domainApi.url, publicUrl)}`,
        ),
      );
  }
  if (!hooks.publicKey)
    checks.push(
      warn(
        'webhooks.signature',
        'webhook signatures',
        'not checked: the path token alone authenticates deliveries',
        'set SECURITIZE_WEBHOOK_PUBLIC_KEY (POST /v1/webhooks/settings/signature answers it) and SECURITIZE_WEBHOOK_SIGNATURE_HEADER',
      ),
    );
  else if (hooks.signatureMode === 'report')
    checks.push(
      warn(
        'webhooks.signature',
        'webhook signatures',
        'reported, not enforced (a bad one is accepted)',
        'once bff_webhook_signature_total shows only valid, set SECURITIZE_WEBHOOK_SIGNATURE=enforce',
      ),
    );
  else
    checks.push(
      ok(
        'webhooks.signature',
        'webhook signatures',
        `enforced (${hooks.signatureHeader}, ${hooks.signatureEncoding})`,
      ),
    );
  return checks;
}
