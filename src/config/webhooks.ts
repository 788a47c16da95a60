import { createPublicKey, KeyObject } from 'node:crypto';

/** Securitize's KYC webhooks and the Domain API lookup they need; undefined when the token is unset (off). */
export interface WebhooksConfig {
  /** The secret last segment of the payloadUrl: POST /webhooks/securitize/<token>. */
  token: string;
  /** Securitize's public key for delivery signatures (RSA or EC), or undefined: no signature check. */
  publicKey: KeyObject | undefined;
  /** The header carrying the signature, lower case (set whenever publicKey is). */
  signatureHeader: string | undefined;
  signatureEncoding: 'base64' | 'hex';
  /** enforce: a missing or bad signature is refused (401); report: verified, logged, counted, accepted. */
  signatureMode: 'report' | 'enforce';
  domainApi: { url: string; apiKey: string };
  /** SECURITIZE_DOMAIN_ID: when set, deliveries naming another domain are ignored (no Domain API call). */
  domainId: string | undefined;
}

export interface WebhooksEnv {
  SECURITIZE_WEBHOOK_TOKEN?: string;
  SECURITIZE_WEBHOOK_PUBLIC_KEY?: string;
  SECURITIZE_WEBHOOK_SIGNATURE_HEADER?: string;
  SECURITIZE_WEBHOOK_SIGNATURE_ENCODING?: 'base64' | 'hex';
  SECURITIZE_WEBHOOK_SIGNATURE?: 'report' | 'enforce';
  SECURITIZE_DOMAIN_API_URL?: string;
  SECURITIZE_DOMAIN_API_KEY?: string;
  SECURITIZE_DOMAIN_ID?: string;
  KYC_CHANGE_ENDS_SESSIONS?: 'true' | 'false';
}

/** The documented sandbox host of the Domain API (production: https://public-api.securitize.io). */
export const SANDBOX_DOMAIN_API = 'https://public-api.sandbox.securitize.io';
/** The ids a delivery may name (the Domain API client's safe set). */
const DOMAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TOKEN = /^[A-Za-z0-9_-]{32,256}$/;
const HEADER = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
const TOKEN_HINT = 'make one with: openssl rand -base64 32 | tr "+/" "-_" | tr -d "="';
/** Variables that mean something only with SECURITIZE_WEBHOOK_TOKEN. */
const DEPENDENT = [
  'SECURITIZE_WEBHOOK_PUBLIC_KEY',
  'SECURITIZE_WEBHOOK_SIGNATURE_HEADER',
  'SECURITIZE_WEBHOOK_SIGNATURE_ENCODING',
  'SECURITIZE_WEBHOOK_SIGNATURE',
  'SECURITIZE_DOMAIN_API_URL',
  'SECURITIZE_DOMAIN_API_KEY',
  'SECURITIZE_DOMAIN_ID',
  'KYC_CHANGE_ENDS_SESSIONS',
] as const;

/** A PEM public key, also written on one line with `\n` escapes (as env files and orchestrators often do). */
function publicKeyOf(value: string, problems: string[]): KeyObject | undefined {
  const pem = value.replace(/\\n/g, '\n');
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec') return key;
    problems.push('SECURITIZE_WEBHOOK_PUBLIC_KEY: must be an RSA or EC public key');
  } catch {
    problems.push('SECURITIZE_WEBHOOK_PUBLIC_KEY: not a PEM public key (-----BEGIN PUBLIC KEY-----)');
  }
  return undefined;
}

/**
 * The webhook part of the configuration (every problem appended, never a value: the token, the
 * key and the Domain API key are secrets). `origin` parses a URL the way the rest does; `secure`
 * says whether it may carry a credential in production.
 */
export function parseWebhooksConfig(
  raw: WebhooksEnv,
  problems: string[],
  origin: (name: string, value: string) => string | undefined,
  production: boolean,
  secure: (url: string) => boolean,
): WebhooksConfig | undefined {
  const token = raw.SECURITIZE_WEBHOOK_TOKEN;
  if (token === undefined) {
    for (const name of DEPENDENT)
      if (raw[name] !== undefined)
        problems.push(`${name}: has no effect without SECURITIZE_WEBHOOK_TOKEN (webhooks are off)`);
    return undefined;
  }
  if (!TOKEN.test(token))
    problems.push(
      `SECURITIZE_WEBHOOK_TOKEN: must be 32 to 256 URL-safe characters (A-Z a-z 0-9 - _); ${TOKEN_HINT}`,
    );
  else if (new Set(token).size < 12) problems.push(`SECURITIZE_WEBHOOK_TOKEN: too weak (${TOKEN_HINT})`);
  const keyText = raw.SECURITIZE_WEBHOOK_PUBLIC_KEY;
  const publicKey = keyText === undefined ? undefined : publicKeyOf(keyText, problems);
  const header = raw.SECURITIZE_WEBHOOK_SIGNATURE_HEADER;
  if (keyText !== undefined && header === undefined)
    problems.push(
      'SECURITIZE_WEBHOOK_SIGNATURE_HEADER: required with SECURITIZE_WEBHOOK_PUBLIC_KEY (the header Securitize puts the signature in)',
    );
  if (header !== undefined && !HEADER.test(header))
    problems.push('SECURITIZE_WEBHOOK_SIGNATURE_HEADER: must be an HTTP header name');
  for (const name of [
    'SECURITIZE_WEBHOOK_SIGNATURE_HEADER',
    'SECURITIZE_WEBHOOK_SIGNATURE_ENCODING',
    'SECURITIZE_WEBHOOK_SIGNATURE',
  ] as const)
    if (keyText === undefined && raw[name] !== undefined)
      problems.push(`${name}: has no effect without SECURITIZE_WEBHOOK_PUBLIC_KEY (no signature is checked)`);
  const url = origin('SECURITIZE_DOMAIN_API_URL', raw.SECURITIZE_DOMAIN_API_URL ?? SANDBOX_DOMAIN_API);
  if (production && url && !secure(url))
    problems.push(
      'SECURITIZE_DOMAIN_API_URL: must be https in production (the API key would travel in clear); http only to this machine',
    );
  const apiKey = raw.SECURITIZE_DOMAIN_API_KEY;
  if (apiKey === undefined)
    problems.push(
      'SECURITIZE_DOMAIN_API_KEY: required with SECURITIZE_WEBHOOK_TOKEN (events name the issuer’s investor, which the Domain API maps to the Securitize iD investor)',
    );
  else if (!/^[\x21-\x7e]{1,512}$/.test(apiKey))
    problems.push('SECURITIZE_DOMAIN_API_KEY: must be one line of visible characters (keyId:keySecret)');
  const domainId = raw.SECURITIZE_DOMAIN_ID;
  if (domainId !== undefined && !DOMAIN_ID.test(domainId))
    problems.push(
      'SECURITIZE_DOMAIN_ID: must be 1 to 128 of A-Z a-z 0-9 . _ : - (beginning with a letter or digit)',
    );
  if (!url || !apiKey) return undefined;
  return {
    token,
    publicKey,
    signatureHeader: header?.toLowerCase(),
    signatureEncoding: raw.SECURITIZE_WEBHOOK_SIGNATURE_ENCODING ?? 'base64',
    signatureMode: raw.SECURITIZE_WEBHOOK_SIGNATURE ?? 'enforce',
    domainApi: { url, apiKey },
    domainId,
  };
}
