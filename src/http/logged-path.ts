/**
 * The path as logs may show it. Any path on the BFF's origin can receive Securitize's parameters
 * (the allow-list is a wildcard), and when they are appended with `&` instead of `?` the one-time
 * code is in the path itself: a path is cut at the first character that can start a parameter or
 * an escape (`&`, `;`, `=`, `%`), and the callback's path, in any letter case, becomes its template.
 */
export function loggedPath(path: string): string {
  if (path.slice(0, '/callback/'.length).toLowerCase() === '/callback/') return '/callback/:state';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '&' || c === ';' || c === '=' || c === '%') return `${path.slice(0, i)}…`;
  }
  return path;
}
