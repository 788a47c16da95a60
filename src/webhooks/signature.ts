import { verify, type KeyObject } from 'node:crypto';

export type SignatureResult = 'valid' | 'invalid' | 'missing';

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
/** Far above any RSA-4096 or ECDSA signature in either encoding. */
const MAX_LENGTH = 2048;

/**
 * A delivery's signature over its raw body, as Securitize is assumed to make it: SHA-256 with the
 * key pair whose public half `POST /v1/webhooks/settings/signature` gives (RSA PKCS#1 v1.5 or
 * ECDSA with a DER signature, as the key's type says), base64 or hex in one header.
 */
export function createSignatureCheck(o: { key: KeyObject; encoding: 'base64' | 'hex' }) {
  const decode = (text: string): Buffer | null => {
    if (text.length > MAX_LENGTH) return null;
    if (o.encoding === 'hex') return HEX.test(text) ? Buffer.from(text, 'hex') : null;
    return BASE64.test(text) ? Buffer.from(text, 'base64') : null;
  };
  return (raw: Buffer, header: string | string[] | undefined): SignatureResult => {
    if (header === undefined || header === '') return 'missing';
    // Two headers of the name: which one counts is not for us to guess.
    if (typeof header !== 'string') return 'invalid';
    const signature = decode(header.trim());
    if (!signature || signature.length === 0) return 'invalid';
    try {
      return verify('sha256', raw, o.key, signature) ? 'valid' : 'invalid';
    } catch {
      return 'invalid';
    }
  };
}
