import { Agent, request } from 'node:http';
import { percentileSorted } from './stats';

export interface SoakTarget {
  url: string;
  headers: Record<string, string>;
}

/**
 * S13's load: `clients` that each send a request, wait for its answer, pause a random time in
 * `pauseMs` and send again (started spread over the first pause); on each target a wave of
 * `waveSize` requests sent at once, answered, then the same pause; and a steady open-loop
 * `backgroundRate` (request i at start + i/rate, whether or not earlier ones have answered).
 * Client c goes to target c mod targets, background request i to target i mod targets.
 */
export interface SoakPlan {
  seconds: number;
  clients: number;
  pauseMs: [number, number];
  waveSize: number;
  backgroundRate: number;
}

export interface TargetCounts {
  requests: number;
  byStatus: Record<string, number>;
  /** Requests that got no answer, by error code. */
  errors: Record<string, number>;
}

export interface SoakLoadResult {
  perTarget: TargetCounts[];
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

interface Outcome {
  status?: number;
  error?: string;
  ms: number;
}

/** One GET, never retried (a failure is what is counted), whatever happens resolved with its outcome. */
function send(target: SoakTarget, agent: Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const done = (o: Omit<Outcome, 'ms'>) => resolve({ ...o, ms: performance.now() - started });
    const req = request(target.url, { headers: target.headers, agent, timeout: 15_000 }, (res) => {
      res.resume();
      res.once('end', () => done({ status: res.statusCode ?? 0 }));
      res.once('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
    });
    req.once('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.once('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = ([min, max]: [number, number]) => min + Math.random() * (max - min);

export async function soakLoad(targets: SoakTarget[], plan: SoakPlan): Promise<SoakLoadResult> {
  // Keep-alive to the product like a browser or proxy, but idle connections close after 2 s, well
  // before the product's own keep-alive (Node's 5 s) could close one under a request of ours.
  const agents = targets.map(() => new Agent({ keepAlive: true, timeout: 2000, maxSockets: 512 }));
  const perTarget: TargetCounts[] = targets.map(() => ({ requests: 0, byStatus: {}, errors: {} }));
  const latencies: number[] = [];
  const pending = new Set<Promise<unknown>>();
  const start = performance.now();
  const end = start + plan.seconds * 1000;
  const fire = (t: number) => {
    const p = send(targets[t]!, agents[t]!).then((o) => {
      const c = perTarget[t]!;
      c.requests++;
      if (o.status !== undefined) {
        c.byStatus[o.status] = (c.byStatus[o.status] ?? 0) + 1;
        latencies.push(o.ms);
      } else c.errors[o.error!] = (c.errors[o.error!] ?? 0) + 1;
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };
  const background = new Promise<void>((resolve) => {
    const total = Math.round(plan.backgroundRate * plan.seconds);
    const interval = 1000 / plan.backgroundRate;
    let sent = 0;
    const tick = () => {
      const elapsed = performance.now() - start;
      for (const due = Math.min(total, Math.floor(elapsed / interval) + 1); sent < due; sent++)
        void fire(sent % targets.length);
      if (sent >= total) return resolve();
      setTimeout(tick, Math.max(0, interval - (elapsed % interval)));
    };
    if (total > 0) tick();
    else resolve();
  });
  const client = async (c: number) => {
    await sleep(Math.random() * plan.pauseMs[1]);
    while (performance.now() < end) {
      await fire(c % targets.length);
      const pause = between(plan.pauseMs);
      if (performance.now() + pause >= end) break;
      await sleep(pause);
    }
  };
  const wave = async (t: number) => {
    await sleep(Math.random() * plan.pauseMs[1]);
    while (performance.now() < end) {
      await Promise.all(Array.from({ length: plan.waveSize }, () => fire(t)));
      const pause = between(plan.pauseMs);
      if (performance.now() + pause >= end) break;
      await sleep(pause);
    }
  };
  await Promise.all([
    background,
    ...Array.from({ length: plan.clients }, (_, c) => client(c)),
    ...(plan.waveSize > 0 ? targets.map((_, t) => wave(t)) : []),
  ]);
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  for (const a of agents) a.destroy();
  latencies.sort((a, b) => a - b);
  return {
    perTarget,
    seconds,
    p50Ms: percentileSorted(latencies, 50),
    p99Ms: percentileSorted(latencies, 99),
  };
}
