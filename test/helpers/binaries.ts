import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * A program the tests run (nginx, Caddy, Chromium): the path in `variable` when set, else the first
 * of `names` on PATH, else the first of `usual` that exists (Debian's and Homebrew's places).
 */
export function findBinary(variable: string, names: string[], usual: string[]): string | undefined {
  const runnable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const given = process.env[variable];
  if (given) return runnable(given) ? given : undefined;
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names)
    for (const dir of dirs) if (runnable(path.join(dir, name))) return path.join(dir, name);
  return usual.find(runnable);
}

/** One line naming what is missing, how to install it on Debian and macOS, and the variable to point at it. */
export const missing = (what: string, variable: string, debian: string, mac: string) =>
  `${what} not found: these tests need it (Debian/Ubuntu: ${debian}; macOS: ${mac}; or set ${variable} to its path)`;
