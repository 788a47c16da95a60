import { createBoundedMap } from '../store';

/** Investors whose last recheck start is remembered (for the interval). */
const REMEMBERED = 10_000;

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
  /** Investors running or waiting out their interval; `again`: one more is due after it. */
  const active = new Map<string, { again: boolean }>();
  const lastStart = createBoundedMap<string, number>(REMEMBERED);
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
    active.set(id, { again: false });
    lastStart.set(id, Date.now());
    o.run(id)
      .catch(o.onError)
      .finally(() => {
        running -= 1;
        const again = active.get(id)?.again;
        active.delete(id);
        if (again) add(id);
        pump();
      });
  }

  function enqueue(id: string) {
    if (running < concurrency) start(id);
    else if (waiting.size >= maxQueued) o.onShed();
    else waiting.add(id);
  }

  function add(investorId: string): void {
    const state = active.get(investorId);
    if (state) {
      state.again = true;
      return;
    }
    if (waiting.has(investorId)) return;
    const wait = (lastStart.get(investorId) ?? -Infinity) + intervalMs - Date.now();
    if (wait <= 0) return enqueue(investorId);
    // Too soon after the last one: one recheck when the interval is over covers all until then.
    active.set(investorId, { again: false });
    setTimeout(() => {
      active.delete(investorId);
      enqueue(investorId);
      settleIdle();
    }, wait).unref();
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
