import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findBinary, missing } from '../helpers/binaries';

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM =
  findBinary(
    'CHROMIUM_PATH',
    ['chromium', 'chromium-browser'],
    ['/usr/bin/chromium', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  ) ?? '';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

/** Compiles web/ into public/app/ when the output is missing or older than any source. */
export function buildWebAppIfStale(): void {
  const output = path.join(ROOT, 'public', 'app', 'main.js');
  const web = path.join(ROOT, 'web');
  const sources = readdirSync(web, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|json)$/.test(f))
    .map((f) => statSync(path.join(web, f)).mtimeMs);
  if (existsSync(output) && statSync(output).mtimeMs >= Math.max(...sources)) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'web/tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? String(err);
    throw new Error(`building the web app (npx tsc -p web/tsconfig.json) failed:\n${out}`);
  }
}

/**
 * Debian's Chromium, driven by playwright-core; no browser download. Missing means fail, never skip.
 * `extraArgs` go after the usual ones (the front door's test trusts its CA by key hash this way).
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!CHROMIUM)
    throw new Error(
      missing('Chromium', 'CHROMIUM_PATH', 'apt-get install chromium', 'brew install --cask chromium'),
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
