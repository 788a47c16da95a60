import { readFileSync } from 'node:fs';
import path from 'node:path';

const DOC = path.join(__dirname, '..', '..', 'docs', 'app-backend.md');
const HEADING = '### Caddy (tested)';

/** The addresses the documented Caddyfile names, which a test replaces with its own. */
export const DOC_ADDRESSES = {
  site: 'app.example.com {',
  forwardAuth: 'bff-forward-auth:9100',
  backend: 'app-backend:8080',
  bff: 'bff:3000',
};

/** The line that makes forward-auth decide on the browser's path even after handle_path's strip. */
export const ORIGINAL_URI_LINE = 'header_up X-Forwarded-Uri {http.request.orig_uri}';

/**
 * The Caddyfile docs/app-backend.md shows under "Caddy (tested)": the first caddyfile block of that
 * section, as written. Read from the page, so what the tests run cannot drift from what it shows.
 */
export function documentedCaddyfile(): string {
  const section = readFileSync(DOC, 'utf8').split(`\n${HEADING}\n`)[1]?.split('\n### ')[0];
  const block = section?.match(/```caddyfile\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error(`docs/app-backend.md has no caddyfile block under "${HEADING}"`);
  return block;
}

/**
 * A Caddyfile site with the test's addresses in place of the documented ones, on `http://:{{PORT}}`
 * (startCaddy fills in the port). Every documented address must be there: a renamed one in the
 * docs fails here rather than leaving a real hostname in the test's config.
 */
export function caddySite(text: string, o: { forwardAuth: string; backend: string; bff: string }): string {
  return withEdits(text, [
    [DOC_ADDRESSES.site, 'http://:{{PORT}} {'],
    [DOC_ADDRESSES.forwardAuth, o.forwardAuth],
    [DOC_ADDRESSES.backend, o.backend],
    [DOC_ADDRESSES.bff, o.bff],
  ]);
}

/** `text` with each `from` replaced by its `to`; each `from` must occur exactly once. */
export function withEdits(text: string, edits: [from: string, to: string][]): string {
  return edits.reduce((out, [from, to]) => {
    const count = out.split(from).length - 1;
    if (count !== 1)
      throw new Error(`expected ${JSON.stringify(from)} once in the Caddyfile, found ${count}`);
    return out.replace(from, () => to);
  }, text);
}
