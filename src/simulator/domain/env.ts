import { SIGNATURE_ENCODINGS, WEBHOOK_KEY_TYPES } from './options';
import type { DomainApiOptions, SignatureEncoding, WebhookKeyType } from './types';

type Env = Record<string, string | undefined>;

/**
 * The Domain API settings of `npm run simulator`, from the environment main.ts hands in. The key, the header and the
 * encoding have the BFF's names, so one .env makes both sides agree (as with SECURITIZE_SECRET):
 * SECURITIZE_DOMAIN_API_KEY, SECURITIZE_WEBHOOK_SIGNATURE_HEADER, SECURITIZE_WEBHOOK_SIGNATURE_ENCODING; the rest are
 * the simulator's own: SIMULATOR_DOMAIN_ID, SIMULATOR_WEBHOOK_KEY_TYPE, SIMULATOR_WEBHOOK_PRIVATE_KEY (PEM, `\n` may
 * stand for the line breaks). Answers a message naming the variable when one is wrong.
 */
export function domainOptionsFromEnv(env: Env): DomainApiOptions | string {
  const options: DomainApiOptions = {};
  const set = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const keyType = set('SIMULATOR_WEBHOOK_KEY_TYPE');
  if (keyType !== undefined && !WEBHOOK_KEY_TYPES.includes(keyType as WebhookKeyType))
    return `SIMULATOR_WEBHOOK_KEY_TYPE must be one of ${WEBHOOK_KEY_TYPES.join(', ')}`;
  const encoding = set('SECURITIZE_WEBHOOK_SIGNATURE_ENCODING');
  if (encoding !== undefined && !SIGNATURE_ENCODINGS.includes(encoding as SignatureEncoding))
    return `SECURITIZE_WEBHOOK_SIGNATURE_ENCODING must be one of ${SIGNATURE_ENCODINGS.join(', ')}`;
  const domainId = set('SIMULATOR_DOMAIN_ID');
  const apiKey = set('SECURITIZE_DOMAIN_API_KEY');
  const header = set('SECURITIZE_WEBHOOK_SIGNATURE_HEADER');
  const pem = set('SIMULATOR_WEBHOOK_PRIVATE_KEY');
  if (domainId !== undefined) options.domainId = domainId;
  if (apiKey !== undefined) options.apiKey = apiKey;
  if (keyType !== undefined) options.webhookKeyType = keyType as WebhookKeyType;
  if (pem !== undefined) options.webhookPrivateKey = pem.replace(/\\n/g, '\n');
  if (header !== undefined) options.signatureHeader = header;
  if (encoding !== undefined) options.signatureEncoding = encoding as SignatureEncoding;
  return options;
}
