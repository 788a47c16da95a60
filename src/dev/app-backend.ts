import type { Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DevHooks } from './hooks';

type Env = Record<string, string | undefined>;

/** The development policy file that comes with the example backend: `/app-api/offerings` for verified investors. */
export const EXAMPLE_POLICY_FILE = path.join(__dirname, '..', '..', 'examples', 'app-backend', 'policy.yaml');
/** The port the example policy file's upstream names (http://127.0.0.1:4100/offerings). */
export const EXAMPLE_BACKEND_PORT = 4100;

interface AppBackendOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
}
type CreateAppBackend = (options: AppBackendOptions) => Server;

const withoutSlash = (value: string) => {
  try {
    return new URL(value).toString().replace(/\/+$/, '');
  } catch {
    return value; // loadConfig names the bad variable; the backend just won't verify anything.
  }
};

/**
 * What the example backend must check an assertion against, worked out from the variables the way
 * loadConfig does: the BFF's keys at PUBLIC_URL, PUBLIC_URL as the issuer, and the assertion
 * audience (ASSERTION_AUDIENCE, else APP_URL, else PUBLIC_URL).
 */
export function appBackendOptions(env: Env): AppBackendOptions {
  const publicUrl = withoutSlash(env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`);
  const audience = env.ASSERTION_AUDIENCE ?? (env.APP_URL ? withoutSlash(env.APP_URL) : publicUrl);
  return { jwksUrl: `${publicUrl}/.well-known/jwks.json`, issuer: publicUrl, audience };
}

/** APP_BACKEND_PORT, or 4100 (the example policy file's). 0 takes any free port. */
export function appBackendPort(env: Env): number {
  const value = env.APP_BACKEND_PORT;
  if (value === undefined || value === '') return EXAMPLE_BACKEND_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new Error(`APP_BACKEND_PORT: must be a port number (0-65535), not "${value}"`);
  return Number(value);
}

/**
 * The development policy for a backend on `port`: the example file itself on 4100; on any other
 * port a copy in a temporary folder whose upstream names that port (`remove` deletes it).
 */
export function devPolicyFile(port: number): { file: string; remove(): void } {
  if (port === EXAMPLE_BACKEND_PORT) return { file: EXAMPLE_POLICY_FILE, remove: () => undefined };
  const text = readFileSync(EXAMPLE_POLICY_FILE, 'utf8');
  const upstream = `http://127.0.0.1:${EXAMPLE_BACKEND_PORT}/`;
  if (!text.includes(upstream))
    throw new Error(`${EXAMPLE_POLICY_FILE} has no upstream at ${upstream} to move to port ${port}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-dev-policy-'));
  const file = path.join(dir, 'policy.yaml');
  writeFileSync(file, text.replaceAll(upstream, `http://127.0.0.1:${port}/`));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * examples/app-backend/server.ts, loaded when it runs: examples/ is not part of the build (its root
 * is src/), so it cannot be imported. tsx (`npm run dev`) and jest load the TypeScript file; plain
 * node running dist/ cannot, and then there is no example backend.
 */
function loadExampleBackend(): CreateAppBackend | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require('../../examples/app-backend/server') as { createAppBackend: CreateAppBackend };
    return example.createAppBackend;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes('examples/app-backend/server')) return undefined;
    throw err;
  }
}

export type DevAppBackend =
  { url: string; policyFile: string; stop(): Promise<void> } | { unavailable: string };

/**
 * Development only: the example app backend in this process on 127.0.0.1 (APP_BACKEND_PORT, 4100
 * by default), with the policy file that routes `/app-api/offerings` to it, so the demo's
 * Offerings card works with no configuration. A taken port fails naming the variable.
 */
export async function startDevAppBackend(env: Env, listen: DevHooks['listen']): Promise<DevAppBackend> {
  const createAppBackend = loadExampleBackend();
  if (!createAppBackend)
    return {
      unavailable:
        'No POLICY_FILE set, and the example app backend only runs from the sources (npm run dev): /app-api/offerings is not served.',
    };
  const server = createAppBackend(appBackendOptions(env));
  const port = await listen(server, appBackendPort(env), 'APP_BACKEND_PORT', '127.0.0.1');
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // The BFF's keep-alive connections to it would hold close() open.
      server.closeAllConnections();
    });
  let policy: ReturnType<typeof devPolicyFile>;
  try {
    policy = devPolicyFile(port);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    policyFile: policy.file,
    async stop() {
      await stop();
      policy.remove();
    },
  };
}
