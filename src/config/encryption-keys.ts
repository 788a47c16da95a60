import { keyEntries, strictBase64 } from './key-list';

/** A token encryption key: an id (kept in each sealed value) and 32 bytes. */
export interface EncryptionKey {
  kid: string;
  key: Buffer;
}

/** How to make a key, for error messages and docs. */
export const KEY_HINT = 'make one with: openssl rand -base64 32';

/** A key no random generator would practically produce: all bytes equal, or few distinct values. */
export const isDegenerateKey = (key: Buffer) => new Set(key).size < 16;

/** Parses TOKEN_ENCRYPTION_KEYS: `kid:base64key` entries, comma-separated, newest first. */
export function parseEncryptionKeys(value: string): { keys: EncryptionKey[]; problems: string[] } {
  const problems: string[] = [];
  const keys: EncryptionKey[] = [];
  for (const e of keyEntries('TOKEN_ENCRYPTION_KEYS', value, /^[A-Za-z0-9_-]{1,16}$/, problems)) {
    const key = strictBase64(e.text);
    if (key?.length !== 32)
      problems.push(`${e.at}: the key must be exactly 32 bytes in standard base64 (${KEY_HINT})`);
    else keys.push({ kid: e.kid, key });
  }
  return { keys, problems };
}
