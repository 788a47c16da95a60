import type { SessionData } from 'express-session';
/**
 * How connect-redis stores a session. express-session keeps a `cookie` object in every session;
 * with a browser-session cookie (no maxAge) it holds nothing the server needs, so it is left out
 * of Redis (~110 bytes a session) and a neutral one is put back when express-session reads it.
 */
export const sessionSerializer = {
  stringify(session: SessionData): string {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { cookie, ...rest } = session;
    return JSON.stringify(rest);
  },
  parse(text: string): SessionData {
    const data = JSON.parse(text) as SessionData;
    return { ...data, cookie: { originalMaxAge: null, expires: undefined, httpOnly: true, path: '/' } };
  },
};
