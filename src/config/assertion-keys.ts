import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { keyEntries, strictBase64 } from './key-list';

/** An investor-assertion signing key: its id (the JWT's `kid`) and a P-256 private key. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export const SIGNING_KEY_HINT =
  'make one with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 | openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0';

/**
 * Parses ASSERTION_SIGNING_KEYS: `kid:<base64 of a PKCS#8 P-256 private key>` entries,
 * comma-separated. The first signs; every one is published, so a new key can be published (listed
 * last) before it signs (moved first).
 */
export function parseSigningKeys(value: string): { keys: SigningKey[]; problems: string[] } {
  const problems: string[] = [];
  const keys: SigningKey[] = [];
  for (const e of keyEntries('ASSERTION_SIGNING_KEYS', value, /^[A-Za-z0-9._-]{1,64}$/, problems)) {
    const key = privateKeyOf(e.text);
    if (key) keys.push({ kid: e.kid, privateKey: key });
    else problems.push(`${e.at}: must be a P-256 private key, PKCS#8 DER in base64 (${SIGNING_KEY_HINT})`);
  }
  return { keys, problems };
}

function privateKeyOf(text: string): KeyObject | undefined {
  const der = strictBase64(text);
  try {
    const key = der && createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return key && key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
      ? key
      : undefined;
  } catch {
    return undefined;
  }
}

/** Development's key when none is configured: new at every start, so assertions do not outlive the process. */
export const generatedSigningKey = (): SigningKey => ({
  kid: `dev-${Date.now().toString(36)}`,
  privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
});
