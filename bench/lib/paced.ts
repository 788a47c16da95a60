import { Agent } from 'node:http';
import { http } from './http';
import { percentileSorted } from './stats';

export interface PacedResult {
  sent: number;
  ok: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Open-loop load at a fixed rate: request i is sent at start + i/rate, whether or not earlier ones
 * have answered. (autocannon's rate option sends each second's quota as a burst at the start of
 * the second, which measures queueing, not the latency a server adds at that rate.)
 */
export async function pacedLoad(
  url: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const pending: Array<Promise<void>> = [];
  let ok = 0;
  let sent = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      const due = Math.min(total, Math.floor(elapsed / interval) + 1);
      for (; sent < due; sent++) {
        pending.push(
          http(url, { headers, agent }).then(
            (r) => {
              latencies.push(r.ms);
              if (r.status === 200) ok++;
            },
            () => undefined,
          ),
        );
      }
      if (sent >= total) return resolve();
      setTimeout(tick, Math.max(0, interval - (elapsed % interval)));
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent, ok, p50Ms: percentileSorted(latencies, 50), p99Ms: percentileSorted(latencies, 99) };
}
