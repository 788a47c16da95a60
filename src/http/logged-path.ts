const WEBHOOK_PATH = '/webhooks/securitize/';

/**
 * Where a webhook path starts (its last segment is the secret token), read in any letter case,
 * with repeated or percent-encoded slashes; -1 when the path is not one.
 */
function webhookAt(path: string): number {
  // Most paths name no Securitize at all: one scan, no copy.
  if (!/securitize/i.test(path)) return -1;
  return path
    .toLowerCase()
    .replace(/%2f/g, '/')
    .replace(/\/{2,}/g, '/')
    .indexOf(WEBHOOK_PATH);
}

/**
 * The path as logs may show it. Any path on the BFF's origin can receive Securitize's parameters
 * (the allow-list is a wildcard), and when they are appended with `&` instead of `?` the one-time
 * code is in the path itself: a path is cut at the first character that can start a parameter or
 * an escape (`&`, `;`, `=`, `%`), and the callback's path, in any letter case, becomes its template.
 * A path under /webhooks/securitize/ (its last segment is the webhook's token) is written
 * `/webhooks/securitize/…`, whatever follows.
 */
export function loggedPath(path: string): string {
  const hook = webhookAt(path);
  if (hook >= 0) return `${hook > 0 ? '…' : ''}${WEBHOOK_PATH}…`;
  if (path.slice(0, '/callback/'.length).toLowerCase() === '/callback/') return '/callback/:state';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '&' || c === ';' || c === '=' || c === '%') return `${path.slice(0, i)}…`;
  }
  return path;
}
