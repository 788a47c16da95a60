import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppBackend } from '../../examples/app-backend/server';

/** The harness's PUBLIC_URL: the assertion's issuer. */
export const ISSUER = 'http://bff.test';
/** The harness's APP_URL: the assertion's audience, and the app's own origin. */
export const AUDIENCE = 'http://app.test';
export const APP_ORIGIN = 'http://app.test';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * The example backend (examples/app-backend/server.ts) on a free port, with every request it gets
 * (method, URL, headers) recorded: what a proxy let through, and with which credentials.
 */
export async function startBackend(jwksUrl: string) {
  const server = createAppBackend({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
  const seen: Seen[] = [];
  server.on('request', (req) =>
    seen.push({ method: req.method!, url: req.url!, headers: { ...req.headers } }),
  );
  await listen(server);
  return {
    addr: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    /** What the backend got since `from` (an index into `seen`). */
    since: (from: number) => seen.slice(from),
    close: () => close(server),
  };
}
export type Backend = Awaited<ReturnType<typeof startBackend>>;

export const listen = (server: Server) =>
  new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
export const close = (server: Server) => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
};

/** The assertion a proxy put in the backend's `Authorization: Bearer …`. */
export const bearer = (s: Seen | undefined) => String(s?.headers.authorization ?? '').replace(/^Bearer /, '');
