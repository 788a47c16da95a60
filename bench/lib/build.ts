import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The entry points the bench runs: the product and the simulator. */
const ENTRIES = ['dist/main.js', 'dist/simulator/main.js'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The product is measured as it ships (dist/, plain node), so dist must match src/. Builds when
 * any source file is newer than the oldest entry point. Returns what it did, for the report.
 */
export function ensureBuilt(root: string): 'fresh' | 'built' {
  const entries = ENTRIES.map((p) => path.join(root, p));
  const built = entries.every((p) => existsSync(p))
    ? Math.min(...entries.map((p) => statSync(p).mtimeMs))
    : 0;
  if (built > newestMtime(path.join(root, 'src'))) return 'fresh';
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
  return 'built';
}

export interface DistSnapshot {
  /** The folder the product and the simulator run from (their working directory). */
  dir: string;
  remove(): void;
}

/**
 * A private copy of dist/ for the whole run, taken once it is built: other work on a shared machine
 * may rebuild dist/ meanwhile (`npm run build` empties it first), and every instance one run starts
 * must be the same build. node_modules and public/ are linked, not copied. Running from this folder
 * also keeps a developer's `.env` in the repository out of the measured processes.
 */
export async function snapshotDist(root: string): Promise<DistSnapshot> {
  const dist = path.join(root, 'dist');
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bff-bench-dist-'));
    const remove = () => rmSync(dir, { recursive: true, force: true });
    try {
      const before = newestMtime(dist);
      cpSync(dist, path.join(dir, 'dist'), { recursive: true });
      symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      symlinkSync(path.join(root, 'public'), path.join(dir, 'public'), 'dir');
      // Complete, and not rebuilt while it was being copied.
      if (ENTRIES.every((e) => existsSync(path.join(dir, e))) && newestMtime(dist) === before)
        return { dir, remove };
    } catch {
      // dist/ vanished under the copy (a rebuild started): try again below.
    }
    remove();
    if (attempt === 10)
      throw new Error('dist/ kept changing while the bench copied it (a rebuild is running?)');
    await new Promise((r) => setTimeout(r, 3000));
  }
}
