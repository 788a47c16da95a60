/** Reads Set-Cookie headers the way a browser would see them, for assertions. */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

export function parseSetCookies(header: string | string[] | undefined): SetCookie[] {
  const list = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return list.map((line) => {
    const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const a of attrs) {
      const i = a.indexOf('=');
      if (i === -1) attributes[a.toLowerCase()] = true;
      else attributes[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
    }
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
  });
}

export function cookieHeader(header: string | string[] | undefined, name: string): string | undefined {
  const c = parseSetCookies(header).find((x) => x.name === name);
  return c && c.value ? `${c.name}=${c.value}` : undefined;
}
