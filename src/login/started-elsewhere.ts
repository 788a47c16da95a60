import type { Request } from 'express';

/**
 * Whether a /login navigation came from another site, as far as the browser tells: Fetch Metadata
 * says `cross-site`, or `same-site` from a page that is neither the app's nor the BFF's (a sibling
 * subdomain). Such logins have bounds and a rate-limit count of their own, so pages elsewhere can
 * neither push out nor lock out the logins the investor starts from the app. Browsers that send no
 * Fetch Metadata are counted as the app's (docs/login-journeys.md).
 */
export function startedElsewhere(req: Request, ownOrigins: ReadonlySet<string>): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') return true;
  if (site !== 'same-site') return false;
  const referer = req.headers.referer;
  if (typeof referer !== 'string') return true;
  try {
    return !ownOrigins.has(new URL(referer).origin);
  } catch {
    return true;
  }
}
