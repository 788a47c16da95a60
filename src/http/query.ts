import type { Request } from 'express';

export interface QueryRead {
  values: Record<string, string | undefined>;
  /** A name was repeated, sent as an array/object, or in a bracketed variant such as `code[]`. */
  polluted: boolean;
}

/**
 * Reads named query parameters as single plain strings. Express 5's parser turns `a=1&a=2` into
 * an array and keeps `a[]=1` as a separate key; both are rejected rather than guessed at.
 */
export function readQuery(req: Request, names: readonly string[], strict: readonly string[]): QueryRead {
  const query = req.query as Record<string, unknown>;
  const values: Record<string, string | undefined> = {};
  let polluted = false;
  for (const key of Object.keys(query)) {
    // indexOf, not a regular expression: the key is the client's, and must cost only its length.
    const bracket = key.indexOf('[');
    if (bracket !== -1 && strict.includes(key.slice(0, bracket))) polluted = true;
  }
  for (const name of names) {
    const v = query[name];
    if (typeof v === 'string') values[name] = v;
    else if (v !== undefined && strict.includes(name)) polluted = true;
  }
  return { values, polluted };
}
