import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { packTokens, unpackTokens } from './token-pack';

export interface EncryptionKey {
  kid: string;
  key: Buffer;
}

export interface SealedTokens {
  accessToken: string;
  refreshToken: string;
}

export interface TokenCodec {
  /** AES-256-GCM with the newest key; the session id is bound in as associated data. */
  seal(tokens: SealedTokens, sid: string): string;
  /** null when the value is malformed, tampered with, sealed for another session or by an unknown key. */
  open(sealed: unknown, sid: string): SealedTokens | null;
}

// v2: compact packed plaintext (./token-pack). v1 (JSON plaintext) is still read, for sessions
// written before it.
const VERSION = 'v2';

/**
 * Tokens are encrypted at rest (security-bar C14): a copy of Redis, a backup or a `MONITOR` shows
 * no usable token. Keys rotate without logging anyone out: the first key encrypts, every listed key
 * decrypts, and a session is re-sealed with the newest key at its next token refresh.
 */
export function createTokenCodec(keys: readonly EncryptionKey[]): TokenCodec {
  if (keys.length === 0) throw new Error('at least one token encryption key is needed');
  const byKid = new Map(keys.map((k) => [k.kid, k.key]));
  const current = keys[0]!;
  return {
    seal(tokens, sid) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(sid));
      const plain = packTokens([tokens.accessToken, tokens.refreshToken]);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      const parts = [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url'));
      return [VERSION, current.kid, ...parts].join('.');
    },
    open(sealed, sid) {
      if (typeof sealed !== 'string') return null;
      const [version, kid, iv, body, tag] = sealed.split('.');
      const key = kid === undefined ? undefined : byKid.get(kid);
      if ((version !== VERSION && version !== 'v1') || !key || !iv || body === undefined || !tag) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(sid));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
        const [accessToken, refreshToken] =
          version === 'v1' ? (JSON.parse(plain.toString('utf8')) as unknown[]) : unpackTokens(plain, 2);
        if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') return null;
        return { accessToken, refreshToken };
      } catch {
        return null;
      }
    },
  };
}

/** Parses TOKEN_ENCRYPTION_KEYS: `kid:base64key` entries, comma-separated, newest first. */
export function parseEncryptionKeys(value: string): { keys: EncryptionKey[]; problems: string[] } {
  const keys: EncryptionKey[] = [];
  const problems: string[] = [];
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const at = `TOKEN_ENCRYPTION_KEYS (entry ${i + 1})`;
      const sep = entry.indexOf(':');
      const kid = sep > 0 ? entry.slice(0, sep) : '';
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(kid)) return void problems.push(`${at}: must be kid:base64key`);
      const key = Buffer.from(entry.slice(sep + 1), 'base64');
      if (key.length !== 32) return void problems.push(`${at}: the key must be 32 bytes, base64-encoded`);
      if (keys.some((k) => k.kid === kid)) return void problems.push(`${at}: duplicate key id`);
      keys.push({ kid, key });
    });
  return { keys, problems };
}
