/**
 * Development for a host app that mounts the BFF (library mode): what `npm run dev` brings (the
 * Securitize iD simulator, a throwaway Redis, random secrets) for the variables the environment
 * leaves out, asked for explicitly in the host's code (`securitize-id-bff/dev`). Never implied by
 * NODE_ENV being unset, so a mistyped variable can never leave a host app talking to the simulator;
 * with NODE_ENV=production it brings nothing.
 */
import type { Server } from 'node:http';
import { startDevParts } from './index';

type Env = Record<string, string | undefined>;

const listen = (server: Server, port: number, variable: string, host?: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: set ${variable}`) : err),
    );
    server.listen(port, host, () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });

/** The environment with development's parts filled in, what was brought (one line each), and how to stop them. */
export async function startDevelopment(env: Env = process.env) {
  const closers: Array<() => Promise<unknown>> = [];
  const warnings: string[] = [];
  const dev = await startDevParts(env, {
    listen,
    portError: (err, port, variable) =>
      err.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: set ${variable}`) : err,
    onStop: (c) => void closers.push(c),
    stopping: () => false,
    warn: (message) => void warnings.push(message),
    fatal: (message) => void warnings.push(message),
  });
  return {
    env: dev.env,
    warnings: [...dev.warnings, ...warnings],
    stop: () => Promise.allSettled(closers.reverse().map((c) => c())).then(() => undefined),
  };
}
