import { findBinary as find } from '../../scripts/front-door/children';

/**
 * A program the tests run (nginx, Caddy, Chromium): the path in `variable` when set, else the first
 * of `names` on PATH, else the first of `usual` that exists (Debian's and Homebrew's places). The
 * same search `npm run front-door` makes.
 */
export const findBinary = (variable: string, names: string[], usual: string[]): string | undefined =>
  find(process.env, variable, names, usual);

/** One line naming what is missing, how to install it on Debian and macOS, and the variable to point at it. */
export const missing = (what: string, variable: string, debian: string, mac: string) =>
  `${what} not found: these tests need it (Debian/Ubuntu: ${debian}; macOS: ${mac}; or set ${variable} to its path)`;
