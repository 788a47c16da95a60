import type { Server } from 'node:http';

/** A start-up failure a person can act on: printed as one `Fatal:` line, after cleaning up. */
export class StartupError extends Error {}

/**
 * Listens, or fails with a StartupError that names the variable to change (a port in use, or one
 * the process may not bind) instead of an unhandled 'error' event and a stack trace.
 */
export function listenOn(server: Server, port: number, variable: string, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(portError(err, port, variable));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** The address a listening server is bound to (`::` or `0.0.0.0`: every interface). */
export function boundTo(server: Server): string {
  const a = server.address();
  return typeof a === 'object' && a ? a.address : String(a);
}

export function portError(err: NodeJS.ErrnoException, port: number, variable: string): Error {
  if (err.code === 'EADDRINUSE')
    return new StartupError(
      `port ${port} is already in use: stop what uses it, or set ${variable} to another port`,
    );
  if (err.code === 'EACCES')
    return new StartupError(
      `port ${port} may not be used by this user: set ${variable} to a port above 1023`,
    );
  return err;
}
