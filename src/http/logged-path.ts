/**
 * The path as logs may show it. The callback's path carries the login state, and when Securitize
 * appends its parameters with `&` instead of `?`, the one-time code too: its template stands in.
 */
export function loggedPath(path: string): string {
  return path.startsWith('/callback') && path.length > '/callback'.length ? '/callback/:state' : path;
}
