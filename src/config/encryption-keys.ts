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
      const text = entry.slice(sep + 1);
      const key = Buffer.from(text, 'base64');
      // Strict: Buffer.from skips characters that are not base64, so compare the round trip.
      if (key.length !== 32 || key.toString('base64') !== text)
        return void problems.push(`${at}: the key must be exactly 32 bytes in standard base64 (${KEY_HINT})`);
      if (keys.some((k) => k.kid === kid)) return void problems.push(`${at}: duplicate key id`);
      keys.push({ kid, key });
    });
  return { keys, problems };
}
