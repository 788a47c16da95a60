import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

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
  const entries = ['dist/main.js', 'dist/simulator/main.js'].map((p) => path.join(root, p));
  const built = entries.every((p) => existsSync(p))
    ? Math.min(...entries.map((p) => statSync(p).mtimeMs))
    : 0;
  if (built > newestMtime(path.join(root, 'src'))) return 'fresh';
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
  return 'built';
}
