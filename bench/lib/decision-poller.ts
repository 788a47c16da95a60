import { performance } from 'node:perf_hooks';
import { http } from './http';
import { authHeaders, VouchingProduct } from './vouch';

/** A change not seen on an instance within this long counts as not seen. */
export const LIMIT_MS = 5000;

export type Decision = 'allowed' | 'denied' | `status ${number}`;
export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One forward-auth decision for the rule: 200 allowed, 403 denied (the policy refused). */
export async function decision(p: VouchingProduct, cookie: string): Promise<Decision> {
  const r = await http(`${p.forwardAuthUrl}/auth`, { headers: authHeaders(cookie) });
  return r.status === 200 ? 'allowed' : r.status === 403 ? 'denied' : `status ${r.status}`;
}

/**
 * Asks `p` for decisions one after the other until one is `expected` (timed from `t0()`, once it is
 * set), or LIMIT_MS after t0, or `stop()`. `ready` resolves with the first answer (the old decision,
 * before t0) and rejects when the poller fails before it.
 */
export function poller(p: VouchingProduct, cookie: string, expected: Decision, t0: () => number | undefined) {
  const gaps: number[] = [];
  let polls = 0;
  let stopped = false;
  let first!: (d: Decision) => void;
  let failed!: (err: unknown) => void;
  const ready = new Promise<Decision>((resolve, reject) => ((first = resolve), (failed = reject)));
  const done = (async (): Promise<number | null> => {
    let last = performance.now();
    while (!stopped) {
      const d = await decision(p, cookie);
      const t = performance.now();
      if (polls++ === 0) first(d);
      else gaps.push(t - last);
      last = t;
      const start = t0();
      if (start !== undefined && d === expected) return t - start;
      if (start !== undefined && t - start > LIMIT_MS) return null;
      if (start === undefined && polls > 1) await wait(5);
    }
    return null;
  })();
  done.catch(failed);
  return { ready, done, polls: () => polls, gaps, stop: () => void (stopped = true) };
}
