import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { ResolvedDomainOptions } from './options';
import type { SignatureEncoding } from './types';

/**
 * Signs a webhook body the way the simulator does: SHA-256 over the exact bytes, RSA PKCS#1 v1.5 or ECDSA with a DER
 * signature (chosen by the key), written in base64 or hex. Securitize publishes neither the algorithm nor what is
 * signed; this is the simulator's assumption, and tests use it to make deliveries of their own.
 */
export function signWebhookBody(
  body: string | Buffer,
  privateKey: KeyObject | string,
  encoding: SignatureEncoding = 'base64',
): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return sign('sha256', bytes, { key, dsaEncoding: 'der' }).toString(encoding);
}

export interface WebhookKeys {
  privateKey(): KeyObject;
  /** SPKI PEM. */
  publicKeyPem(): string;
}

/** Made on first use, then kept for the simulator's life (reset() keeps it, so a configured BFF stays valid). */
export function createWebhookKeys(options: ResolvedDomainOptions): WebhookKeys {
  let pair: { privateKey: KeyObject; pem: string } | undefined;
  function get(): { privateKey: KeyObject; pem: string } {
    if (pair) return pair;
    const privateKey =
      options.webhookPrivateKey ??
      (options.webhookKeyType === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
        : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const pem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
    pair = { privateKey, pem };
    return pair;
  }
  return { privateKey: () => get().privateKey, publicKeyPem: () => get().pem };
}
