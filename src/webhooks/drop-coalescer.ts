export interface DropCoalescerOptions {
  /** Drops the investor's facts and assertions (and asks for the recheck after). */
  run: (investorId: string) => Promise<void>;
  /** A trailing drop that failed (nobody waits for it). */
  onError: (err: unknown) => void;
  /** Least time between two drops for one investor in this process. */
  intervalMs?: number;
}

/**
 * At most one drop per investor per interval in this process: the first delivery drops at once
 * (and its answer waits for it); one asked for within the interval is done once at the interval's
 * end (trailing, so the last real change is never lost), however many came meanwhile. An investor
 * is remembered only while a drop is recent or pending.
 */
export function createDropCoalescer(o: DropCoalescerOptions) {
  const intervalMs = o.intervalMs ?? 1000;
  /** Investors dropped within the interval; `pending`: a trailing drop is due at its end. */
  const recent = new Map<string, { pending: boolean; timer: NodeJS.Timeout }>();

  const forget = (investorId: string) =>
    setTimeout(() => {
      const entry = recent.get(investorId);
      if (!entry) return;
      if (!entry.pending) return void recent.delete(investorId);
      entry.pending = false;
      entry.timer = forget(investorId);
      o.run(investorId).catch(o.onError);
    }, intervalMs).unref();

  return {
    /** `dropped`: done now; `coalesced`: one is due within the interval and will include this one. */
    async request(investorId: string): Promise<'dropped' | 'coalesced'> {
      const entry = recent.get(investorId);
      if (entry) {
        entry.pending = true;
        return 'coalesced';
      }
      recent.set(investorId, { pending: false, timer: forget(investorId) });
      await o.run(investorId);
      return 'dropped';
    },
    /** Drops no trailing drop is due any more (shutdown). */
    close() {
      for (const e of recent.values()) clearTimeout(e.timer);
      recent.clear();
    },
  };
}
