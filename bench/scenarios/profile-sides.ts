import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LoadSpec, runLoad } from '../lib/load';
import { fmt, progress } from '../lib/progress';
import type { SideProfile, SidesProfile } from '../lib/types';
import { category } from '../report/format';
import { summarise } from './s7-profile';

type CpuProfile = Parameters<typeof summarise>[0];

/** A side to profile: started with the given node arguments, loaded with `spec`, then stopped (SIGTERM). */
export type ProfiledSide = (nodeArgs: string[]) => Promise<{ spec: LoadSpec; stop(): Promise<void> }>;

const SESSIONS = /^(express-session|connect-redis|uid-safe|random-bytes|on-headers|cookie-signature|crc)$/;

/** What a package is for, with the pieces a gateway adds to S7's groups. */
export function gatewayCategory(pkg: string): string {
  if (pkg === 'http-proxy-3') return 'proxying (http-proxy-3)';
  if (pkg === 'jose') return 'assertions (jose)';
  if (SESSIONS.test(pkg)) return 'sessions (express-session, connect-redis)';
  if (pkg === 'other') return 'the baseline’s own code';
  return category(pkg);
}

async function profileOne(
  id: string,
  label: string,
  side: ProfiledSide,
  seconds: number,
): Promise<SideProfile & { windowed: boolean }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-bench-prof-'));
  try {
    const started = await side(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    let r: Awaited<ReturnType<typeof runLoad>>;
    let window: [number, number];
    try {
      await runLoad({ ...started.spec, duration: Math.min(2, seconds) });
      const from = Number(process.hrtime.bigint() / 1000n);
      r = await runLoad({ ...started.spec, duration: seconds });
      window = [from, Number(process.hrtime.bigint() / 1000n)];
    } finally {
      await started.stop();
    }
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`${id} ${label}: no .cpuprofile written`);
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    let summary = summarise(profile, window, 12);
    const windowed = summary.sampledMs >= seconds * 100;
    if (!windowed) summary = summarise(profile, undefined, 12);
    // Per package first (summarise's list is complete), then into groups.
    const cats = new Map<string, number>();
    for (const k of summary.byPackage) {
      const c = gatewayCategory(k.name);
      cats.set(c, (cats.get(c) ?? 0) + k.selfMs);
    }
    const perReq = (ms: number) => (r.ok > 0 ? (ms * 1000) / r.ok : NaN);
    progress(
      `${id} ${label} profiled: ${fmt.int(r.reqPerSec)} req/s, ${fmt.int(perReq(summary.sampledMs))} µs of samples per request`,
    );
    return {
      label,
      reqPerSec: r.reqPerSec,
      requests: r.ok,
      sampledMs: summary.sampledMs,
      usPerReq: perReq(summary.sampledMs),
      byCategory: [...cats.entries()]
        .map(([name, ms]) => ({ name, usPerReq: perReq(ms), percent: (100 * ms) / summary.sampledMs }))
        .sort((a, b) => b.usPerReq - a.usPerReq),
      topFunctions: summary.topFunctions,
      windowed,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Both sides of a comparison profiled under the same load, one after the other, each on a process
 * of its own started with `--cpu-prof` (the profiler costs some throughput; the split is the point).
 */
export async function profileSides(o: {
  id: string;
  seconds: number;
  product: [string, ProfiledSide];
  baseline: [string, ProfiledSide];
}): Promise<SidesProfile> {
  const product = await profileOne(o.id, o.product[0], o.product[1], o.seconds);
  const baseline = await profileOne(o.id, o.baseline[0], o.baseline[1], o.seconds);
  const strip = ({ windowed: _w, ...side }: SideProfile & { windowed: boolean }): SideProfile => side;
  return {
    seconds: o.seconds,
    windowed: product.windowed && baseline.windowed,
    product: strip(product),
    baseline: strip(baseline),
  };
}
