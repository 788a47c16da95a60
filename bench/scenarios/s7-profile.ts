import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Ctx } from '../lib/context';
import { runLoad } from '../lib/load';
import { INVESTORS, login, PRODUCT_HEADERS } from '../lib/login';
import { fmt, progress } from '../lib/progress';
import { ROOT } from '../lib/stack';
import type { ProfileEntry, ProfileResult } from '../lib/types';

interface CpuProfile {
  startTime: number;
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame lives, for grouping: a package, node core, the BFF's own code, or V8 itself. */
export function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (/^node:(internal\/)?crypto/.test(url)) return 'node core: crypto';
  if (url.startsWith('node:')) return 'node core';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.includes('/dist/')) return 'bff (dist/)';
  return 'other';
}

// dist/ runs from the run's copy (snapshotDist), so its files are shown from dist/ on.
const shortUrl = (url: string) =>
  url.includes('node_modules/')
    ? url.replace(/^.*node_modules\//, '')
    : url.replace(/^file:\/\/.*?\/dist\//, 'dist/').replace(`file://${ROOT}/`, '');

/**
 * Self time per function and per package from a .cpuprofile, idle left out. With `window` (µs on
 * the monotonic clock, which V8's sample times share with process.hrtime on Linux) only samples
 * taken during the measured load count, so start-up and the login are not in the summary.
 */
export function summarise(
  profile: CpuProfile,
  window?: [number, number],
  top = 25,
): Omit<ProfileResult, 'seconds' | 'reqPerSec' | 'windowed'> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (!window || (t >= window[0] && t <= window[1])) self.set(id, (self.get(id) ?? 0) + dt);
  });
  const fns = new Map<string, ProfileEntry>();
  const pkgs = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    total += us;
    const name = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const e = fns.get(key) ?? { name, where, selfMs: 0, percent: 0 };
    e.selfMs += us / 1000;
    fns.set(key, e);
    const pkg = packageOf(url, name);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us / 1000);
  }
  const pct = (ms: number) => (total > 0 ? (ms * 1000 * 100) / total : 0);
  return {
    sampledMs: total / 1000,
    topFunctions: [...fns.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((e) => ({ ...e, percent: pct(e.selfMs) })),
    byPackage: [...pkgs.entries()]
      .map(([name, selfMs]) => ({ name, selfMs, percent: pct(selfMs) }))
      .sort((a, b) => b.selfMs - a.selfMs),
  };
}

/** Scenario 7: a CPU profile (node --cpu-prof) of a product instance under scenario 1's load. */
export async function scenarioProfile(ctx: Ctx): Promise<ProfileResult> {
  const { stack, opts } = ctx;
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-bench-prof-'));
  const bff = await stack.startProduct('product-profiled', ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  let reqPerSec = NaN;
  let window: [number, number] | undefined;
  try {
    const cookie = await login(bff.url, stack.sim.url, INVESTORS[1]!);
    const load = (duration: number) =>
      runLoad({
        url: bff.url,
        path: '/api/me',
        headers: { ...PRODUCT_HEADERS, cookie, 'x-csrf': '1' },
        connections: 50,
        duration,
        ok: (s) => s === 200,
        pids: { server: bff.pid },
      });
    await load(Math.min(2, opts.duration));
    const from = Number(process.hrtime.bigint() / 1000n);
    const r = await load(opts.duration);
    window = [from, Number(process.hrtime.bigint() / 1000n)];
    reqPerSec = r.reqPerSec;
    progress(`S7 profiled run: ${fmt.int(r.reqPerSec)} req/s (the profiler itself costs some)`);
  } finally {
    await bff.stop(); // SIGTERM: the product exits cleanly and node writes the profile
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  let summary = summarise(profile, window);
  // Should the clocks ever not match, nothing falls in the window: then summarise the whole profile.
  const windowed = summary.sampledMs >= opts.duration * 100;
  if (!windowed) summary = summarise(profile);
  progress(`S7 profile: ${path.join(dir, file)} (${fmt.int(summary.sampledMs)} ms of samples)`);
  return { seconds: opts.duration, reqPerSec, windowed, ...summary };
}
