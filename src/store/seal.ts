import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { packTokens, unpackTokens } from './token-pack';

import type { EncryptionKey } from '../config';

export interface SealedTokens {
  accessToken: string;
  refreshToken: string;
}

export interface TokenCodec {
  /**
   * AES-256-GCM with the newest key. `binding` is the associated data: what the sealed tokens
   * belong to (the session id and the record's decision fields), so a record changed in Redis no
   * longer opens.
   */
  seal(tokens: SealedTokens, binding: string): string;
  /** null when the value is malformed, tampered with, bound to something else or sealed by an unknown key. */
  open(sealed: unknown, binding: string): SealedTokens | null;
  /** Any other value kept with a session (its KYC facts), sealed the same way. */
  sealText(text: string, binding: string): string;
  openText(sealed: unknown, binding: string): string | null;
  /** The authentication check alone (no unpacking): cheap enough for every request. */
  verify(sealed: unknown, binding: string): boolean;
}

// v3: the associated data binds the record's decision fields (v2 bound only the session id, so a
// v2 session no longer opens and ends once: the investor logs in again). Plaintext: ./token-pack.
const VERSION = 'v3';
const IV_BYTES = 12;
/** The full GCM tag; Node would otherwise accept a truncated one (as short as 4 bytes). */
const TAG_BYTES = 16;

interface Parts {
  key: Buffer;
  iv: Buffer;
  body: Buffer;
  tag: Buffer;
}

/**
 * Tokens are encrypted at rest: a copy of Redis, a backup or a `MONITOR` shows no usable token.
 * Keys rotate without logging anyone out: the first key encrypts, every listed key decrypts, and a
 * session is re-sealed with the newest key at its next token refresh.
 */
export function createTokenCodec(keys: readonly EncryptionKey[]): TokenCodec {
  if (keys.length === 0) throw new Error('at least one token encryption key is needed');
  const byKid = new Map(keys.map((k) => [k.kid, k.key]));
  const current = keys[0]!;

  const split = (sealed: unknown): Parts | null => {
    if (typeof sealed !== 'string') return null;
    const [version, kid, iv, body, tag, extra] = sealed.split('.');
    const key = kid === undefined ? undefined : byKid.get(kid);
    if (version !== VERSION || !key || !iv || body === undefined || !tag || extra !== undefined) return null;
    const parts = {
      key,
      iv: Buffer.from(iv, 'base64url'),
      body: Buffer.from(body, 'base64url'),
      tag: Buffer.from(tag, 'base64url'),
    };
    return parts.iv.length === IV_BYTES && parts.tag.length === TAG_BYTES ? parts : null;
  };

  const decrypt = (p: Parts, binding: string): Buffer => {
    const decipher = createDecipheriv('aes-256-gcm', p.key, p.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(binding));
    decipher.setAuthTag(p.tag);
    return Buffer.concat([decipher.update(p.body), decipher.final()]);
  };

  const sealBytes = (plain: Buffer, binding: string): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(binding));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const parts = [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url'));
    return [VERSION, current.kid, ...parts].join('.');
  };

  return {
    seal: (tokens, binding) => sealBytes(packTokens([tokens.accessToken, tokens.refreshToken]), binding),
    sealText: (text, binding) => sealBytes(Buffer.from(text, 'utf8'), binding),
    openText(sealed, binding) {
      const parts = split(sealed);
      if (!parts) return null;
      try {
        return decrypt(parts, binding).toString('utf8');
      } catch {
        return null;
      }
    },
    open(sealed, binding) {
      const parts = split(sealed);
      if (!parts) return null;
      try {
        const [accessToken, refreshToken] = unpackTokens(decrypt(parts, binding), 2);
        if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') return null;
        return { accessToken, refreshToken };
      } catch {
        return null;
      }
    },
    verify(sealed, binding) {
      const parts = split(sealed);
      if (!parts) return false;
      try {
        decrypt(parts, binding);
        return true;
      } catch {
        return false;
      }
    },
  };
}
