import type { Fault } from './types';

interface Pending {
  fault: Fault;
  left: number;
}

export type FaultQueue = ReturnType<typeof createFaultQueue>;

export function createFaultQueue() {
  let pending: Pending[] = [];

  function matches(fault: Fault, method: string, path: string): boolean {
    const m = fault.match;
    if (m?.method !== undefined && m.method.toUpperCase() !== method.toUpperCase()) return false;
    if (m?.path === undefined) return true;
    if (typeof m.path === 'string') return m.path === path;
    m.path.lastIndex = 0; // a /g or /y RegExp keeps state between test() calls
    return m.path.test(path);
  }

  return {
    add(fault: Fault): void {
      pending.push({ fault, left: fault.times ?? 1 });
    },

    /** The first pending fault that applies to this call, used up by one. */
    take(method: string, path: string): Fault | undefined {
      const hit = pending.find((p) => p.left > 0 && matches(p.fault, method, path));
      if (!hit) return undefined;
      hit.left -= 1;
      pending = pending.filter((p) => p.left > 0);
      return hit.fault;
    },

    clear(): void {
      pending = [];
    },
  };
}
