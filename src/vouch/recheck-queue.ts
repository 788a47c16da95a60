export interface RecheckQueueOptions {
  run: (investorId: string) => Promise<void>;
  /** A recheck not made because the queue was full (the caches were dropped anyway). */
  onShed: () => void;
  onError: (err: unknown) => void;
  /** Rechecks running at once, over all investors. */
  concurrency?: number;
  /** Investors waiting for a free slot; past this, a recheck is shed. */
  maxQueued?: number;
  /** Least time between the starts of two rechecks of one investor. */
  intervalMs?: number;
}

/**
 * Background rechecks, bounded three ways: per investor one at a time, with at most one more
 * after it (however many webhooks came meanwhile), started no sooner than `intervalMs` after the
 * previous one; over all investors `concurrency` at once and `maxQueued` waiting. So a burst or
 * a flood of deliveries for one investor costs a fetch per interval, and for many a bounded queue.
 */
export function createRecheckQueue(o: RecheckQueueOptions) {
  const concurrency = o.concurrency ?? 8;
  const maxQueued = o.maxQueued ?? 1000;
  const intervalMs = o.intervalMs ?? 1000;
  /** Investors running or waiting for their interval; `again`: one more is due after it. */
  const active = new Map<string, { again: boolean; lastStart: number }>();
  const waiting = new Set<string>();
  let running = 0;
  let idleWaiters: Array<() => void> = [];

  const settleIdle = () => {
    if (running > 0 || waiting.size > 0 || active.size > 0) return;
    const w = idleWaiters;
    idleWaiters = [];
    for (const f of w) f();
  };

  function pump() {
    for (const id of waiting) {
      if (running >= concurrency) return;
      waiting.delete(id);
      start(id);
    }
    settleIdle();
  }

  function start(id: string) {
    running += 1;
    active.set(id, { again: false, lastStart: Date.now() });
    o.run(id)
      .catch(o.onError)
      .finally(() => {
        running -= 1;
        const state = active.get(id);
        if (state?.again) {
          const wait = Math.max(0, state.lastStart + intervalMs - Date.now());
          state.again = false;
          setTimeout(() => {
            active.delete(id);
            add(id);
          }, wait).unref();
        } else active.delete(id);
        pump();
      });
  }

  function add(investorId: string): void {
    const state = active.get(investorId);
    if (state) {
      state.again = true;
      return;
    }
    if (waiting.has(investorId)) return;
    if (running < concurrency) return start(investorId);
    if (waiting.size >= maxQueued) return o.onShed();
    waiting.add(investorId);
  }

  return {
    add,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
  };
}
