import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (v: string) => createHash('sha256').update(v).digest();

/**
 * Whether a presented path token is the configured one, in constant time: both sides are hashed
 * first, so neither the comparison nor an early length check tells how much of a guess was right.
 */
export function tokenMatcher(token: string): (presented: string) => boolean {
  const expected = digest(token);
  return (presented) => timingSafeEqual(digest(presented), expected);
}
