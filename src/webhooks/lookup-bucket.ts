export interface LookupBucketOptions {
  /** Tokens added each second. */
  perSecond: number;
  /** Tokens held at most (a burst that may pass at once). */
  burst: number;
  now?: () => number;
}

/**
 * A token bucket for this process's Domain API lookups: each lookup of an externalId not cached
 * takes a token; with none left, `take` answers how many seconds until the next one (the delivery
 * gets a 503 with that Retry-After), else 0. So new externalIds cost at most `burst` calls at once
 * and `perSecond` after, per instance, however fast they come.
 */
export function createLookupBucket(o: LookupBucketOptions) {
  const now = o.now ?? Date.now;
  let tokens = o.burst;
  let at = now();
  return {
    take(): number {
      const t = now();
      tokens = Math.min(o.burst, tokens + ((t - at) / 1000) * o.perSecond);
      at = t;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - tokens) / o.perSecond));
    },
  };
}
