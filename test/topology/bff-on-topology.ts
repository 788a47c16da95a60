import Redis from 'ioredis';
import request from 'supertest';
import { SEEDED } from '../../src/simulator';
import { Harness, startHarness } from '../helpers/harness';
import type { Addr } from './topology';

/**
 * What the Cluster and Sentinel suites share: two in-process BFF instances (createApp, each with its
 * own ioredis client built by src/redis.ts from the REDIS_* variables) on one simulator, and the
 * load-during-failover measurement.
 */
export const WEEK = 7 * 24 * 3600 * 1000;

export interface Pair {
  a: Harness;
  b: Harness;
  /** Moves the shared clock (the BFF's and the simulator's) forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startPair(redisEnv: Record<string, string>): Promise<Pair> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const env = { REFRESH_LOCK_TTL_MS: '1000', SESSION_ABSOLUTE_TIMEOUT: '31536000' };
  const a = await startHarness({ redisEnv, now, env });
  const b = await startHarness({ redisEnv, now, env, shareSimulatorOf: a });
  // Ready once connected (a Cluster client queues nothing before that: requests would get 503s).
  for (const h of [a, b]) await untilReady(h);
  return {
    a,
    b,
    advance: (ms) => void (offset += ms),
    async close() {
      await b.close();
      await a.close();
    },
  };
}

export const api = (h: Harness, path: string, cookie: string) =>
  h.get(path, { Cookie: cookie, 'X-CSRF': '1' });

export async function untilReady(h: Harness, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await h.get('/readyz')).status !== 200) {
    if (Date.now() > deadline) throw new Error(`${h.url} not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One API call that gives up after `ms` (status 0): a hung request must show, not stall the test. */
async function bounded(h: Harness, path: string, cookie: string, ms = 5000): Promise<number> {
  try {
    const res = await request(h.url).get(path).set({ Cookie: cookie, 'X-CSRF': '1' }).timeout(ms);
    return res.status;
  } catch {
    return 0;
  }
}

/** Until every replica of each primary has acknowledged all of its primary's writes (INFO replication offsets). */
export async function waitReplicated(primaries: Addr[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const p of primaries) {
    const conn = new Redis({ host: p.host, port: p.port, lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await conn.connect();
      for (;;) {
        const info = await conn.info('replication');
        const master = Number(/master_repl_offset:(\d+)/.exec(info)?.[1] ?? -1);
        const replicas = [...info.matchAll(/^slave\d+:.*offset=(\d+)/gm)].map((m) => Number(m[1]));
        if (replicas.length > 0 && replicas.every((o) => o >= master)) break;
        if (Date.now() > deadline) throw new Error(`replicas of :${p.port} did not catch up: ${info}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      conn.disconnect();
    }
  }
}

export interface Sample {
  at: number;
  status: number;
  ms: number;
}

export interface FailoverReport {
  requests: number;
  byStatus: Record<string, number>;
  slowestMs: number;
  slowest503Ms: number;
  /** From the kill to the first 503, and to the last one. */
  firstFailureMs: number | null;
  lastFailureMs: number | null;
  /** From the kill until every session answered 200 again. */
  recoveredMs: number;
  sessionsLost: number;
}

/**
 * Keeps `workers` requests in flight (GET /api/me and /api/investor, both instances, every session)
 * from before `kill` until every session answers 200 again after it, and reports what they saw.
 */
export async function loadThroughFailover(
  pair: Pair,
  cookies: string[],
  kill: () => Promise<void>,
  opts: { workers?: number; recoverWithinMs?: number } = {},
): Promise<{ samples: Sample[]; report: FailoverReport }> {
  const { workers = 8, recoverWithinMs = 20_000 } = opts;
  const samples: Sample[] = [];
  let stop = false;
  let n = 0;
  const worker = async () => {
    while (!stop) {
      const i = n++;
      const h = i % 2 ? pair.b : pair.a;
      const started = Date.now();
      const status = await bounded(h, i % 3 ? '/api/me' : '/api/investor', cookies[i % cookies.length]!);
      samples.push({ at: started, status, ms: Date.now() - started });
    }
  };
  const running = Array.from({ length: workers }, worker);
  await new Promise((r) => setTimeout(r, 500));
  const killedAt = Date.now();
  await kill();
  // Recovered: a full pass over every session on both instances answers 200.
  let recoveredMs = -1;
  const deadline = killedAt + recoverWithinMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const pass = await Promise.all(
      cookies.flatMap((c) => [api(pair.a, '/api/me', c), api(pair.b, '/api/me', c)]),
    );
    if (pass.every((r) => r.status === 200)) {
      recoveredMs = Date.now() - killedAt;
      break;
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  stop = true;
  await Promise.all(running);
  const final = await Promise.all(cookies.map((c) => api(pair.a, '/api/me', c)));
  const failures = samples.filter((s) => s.status !== 200 && s.at >= killedAt - 1000);
  const byStatus: Record<string, number> = {};
  for (const s of samples) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  return {
    samples,
    report: {
      requests: samples.length,
      byStatus,
      slowestMs: Math.max(...samples.map((s) => s.ms)),
      slowest503Ms: Math.max(0, ...samples.filter((s) => s.status === 503).map((s) => s.ms)),
      firstFailureMs: failures.length ? failures[0]!.at - killedAt : null,
      lastFailureMs: failures.length ? failures[failures.length - 1]!.at - killedAt : null,
      recoveredMs,
      sessionsLost: final.filter((r) => r.status === 401).length,
    },
  };
}

/** n logins spread over the seeded investors. */
export async function logins(h: Harness, n: number): Promise<string[]> {
  const investors = [SEEDED.verified, SEEDED.entity, SEEDED.processing, SEEDED.newInvestor];
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await h.login(investors[i % investors.length]!)).cookie!);
  return out;
}
