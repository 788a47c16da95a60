import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { DomainApiOptions, SignatureEncoding, WebhookKeyType } from './types';

/**
 * The development domain: the simulator's defaults, which the BFF's development defaults can name too. The key has the
 * `<keyId>:<keySecret>` form Securitize issues; neither value is a real credential.
 */
export const DEV_DOMAIN = {
  domainId: '6a7b8c9d0e1f2a3b4c5d6f00',
  apiKey: 'dev-domain-key:dev-domain-secret-7c2e9b14-5a3f-4d81-9e6b-2f0a8c4d1e37',
} as const;

export const WEBHOOK_KEY_TYPES: readonly WebhookKeyType[] = ['rsa', 'ec'];
export const SIGNATURE_ENCODINGS: readonly SignatureEncoding[] = ['base64', 'hex'];
export const DEFAULT_SIGNATURE_HEADER = 'x-securitize-signature';

export interface ResolvedDomainOptions {
  domainId: string;
  apiKey: string;
  webhookKeyType: WebhookKeyType;
  /** Undefined: a fresh pair is made on first use. */
  webhookPrivateKey: KeyObject | undefined;
  signatureHeader: string;
  signatureEncoding: SignatureEncoding;
  deliveryTimeoutMs: number;
  deliveryAttempts: number;
  deliveryRetryDelayMs: number;
}

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const PLAIN = /^[\x21-\x7e]{1,200}$/;

function fail(message: string): never {
  throw new TypeError(`simulator option domainApi.${message}`);
}

function oneOf<T extends string>(name: string, value: T | undefined, allowed: readonly T[]): T | undefined {
  if (value !== undefined && !allowed.includes(value)) fail(`${name} must be one of ${allowed.join(', ')}`);
  return value;
}

function count(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    fail(`${name} must be an integer ${min} to ${max}`);
  return value;
}

function privateKeyOf(pem: string | undefined, type: WebhookKeyType | undefined): KeyObject | undefined {
  if (pem === undefined) return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return fail('webhookPrivateKey must be a PEM private key');
  }
  const kind = key.asymmetricKeyType;
  if (kind !== 'rsa' && kind !== 'ec') fail('webhookPrivateKey must be an RSA or EC key');
  if (type !== undefined && type !== kind)
    fail(`webhookPrivateKey is ${kind}, but webhookKeyType says ${type}`);
  return key;
}

export function resolveDomainOptions(opts: DomainApiOptions = {}): ResolvedDomainOptions {
  const domainId = opts.domainId ?? DEV_DOMAIN.domainId;
  const apiKey = opts.apiKey ?? DEV_DOMAIN.apiKey;
  if (!PLAIN.test(domainId)) fail('domainId must be 1 to 200 visible ASCII characters');
  if (!PLAIN.test(apiKey)) fail('apiKey must be 1 to 200 visible ASCII characters');
  const type = oneOf('webhookKeyType', opts.webhookKeyType, WEBHOOK_KEY_TYPES);
  const privateKey = privateKeyOf(opts.webhookPrivateKey, type);
  const header = (opts.signatureHeader ?? DEFAULT_SIGNATURE_HEADER).toLowerCase();
  if (!HEADER_NAME.test(header)) fail('signatureHeader must be an HTTP header name');
  return {
    domainId,
    apiKey,
    webhookKeyType: (privateKey?.asymmetricKeyType as WebhookKeyType | undefined) ?? type ?? 'rsa',
    webhookPrivateKey: privateKey,
    signatureHeader: header,
    signatureEncoding: oneOf('signatureEncoding', opts.signatureEncoding, SIGNATURE_ENCODINGS) ?? 'base64',
    deliveryTimeoutMs: count('deliveryTimeoutMs', opts.deliveryTimeoutMs, 2000, 1, 60_000),
    deliveryAttempts: count('deliveryAttempts', opts.deliveryAttempts, 3, 1, 10),
    deliveryRetryDelayMs: count('deliveryRetryDelayMs', opts.deliveryRetryDelayMs, 200, 0, 10_000),
  };
}
