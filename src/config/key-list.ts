/** One `kid:value` entry of a key list, where it is for error messages, and its id. */
export interface KeyEntry {
  at: string;
  kid: string;
  text: string;
}

/**
 * Splits a key list (`kid:value` entries, comma-separated, the first one in use) into entries,
 * with a problem for each entry whose id is malformed or repeated. The values are the caller's to
 * check; none is ever echoed.
 */
export function keyEntries(
  variable: string,
  value: string,
  kidPattern: RegExp,
  problems: string[],
): KeyEntry[] {
  const entries: KeyEntry[] = [];
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const at = `${variable} (entry ${i + 1})`;
      const sep = entry.indexOf(':');
      const kid = sep > 0 ? entry.slice(0, sep) : '';
      if (!kidPattern.test(kid)) return void problems.push(`${at}: must be kid:base64key`);
      if (entries.some((e) => e.kid === kid)) return void problems.push(`${at}: duplicate key id`);
      entries.push({ at, kid, text: entry.slice(sep + 1) });
    });
  return entries;
}

/** Strict base64: Buffer.from skips characters that are not base64, so the round trip must match. */
export function strictBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
