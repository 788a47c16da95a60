import type Redis from 'ioredis';
import { cookieFrom, postJson } from './http';
import type { TokenPair } from './login';

/** express-session cookies are `s:<sid>.<signature>`, URI-encoded. */
export const sidOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;

export const BASELINE_SESSION_BYTES = 1500;

/**
 * Stores a user with real tokens in a baseline server's session and pads it to ~1.5 KB as stored
 * (the reference reads a 1.5 KB session). Returns the cookie and the stored size.
 */
export async function seedBaseline(
  url: string,
  redis: Redis,
  prefix: string,
  pair: TokenPair,
): Promise<{ cookie: string; storedBytes: number }> {
  const seed = async (filler: string) => {
    const r = await postJson(`${url}/seed`, { ...pair, filler });
    const cookie = cookieFrom(r.headers, 'connect.sid');
    if (r.status !== 204 || !cookie) throw new Error(`baseline /seed answered ${r.status}`);
    return { cookie, storedBytes: await redis.strlen(prefix + sidOf(cookie)) };
  };
  const first = await seed('');
  const missing = BASELINE_SESSION_BYTES - first.storedBytes;
  return missing > 0 ? seed('x'.repeat(missing)) : first;
}

/** Stored size of a product session, in bytes of JSON. */
export const productSessionBytes = (redis: Redis, cookie: string) => redis.strlen(`sess:${sidOf(cookie)}`);
