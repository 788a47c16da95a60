import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort, ServerChild, startServer } from './processes';
import { PrivateRedis, startPrivateRedis } from './redis';

export const ROOT = path.join(__dirname, '..', '..');
export const PUBLIC_URL = 'https://bff.bench';
/** The access-token size the memory target is stated for. */
export const ACCESS_TOKEN_BYTES = 1100;

export interface Secrets {
  clientId: string;
  secret: string;
  sessionSecret: string;
  encryptionKeys: string;
}

export type BaselineFile =
  | 'minimal-session'
  | 'minimal-proxy'
  | 'minimal-callback'
  | 'minimal-gateway'
  /** Not a baseline: the app's own backend that S10's product and minimal app-API proxy both forward to. */
  | 'upstream';

export interface Stack {
  redis: PrivateRedis;
  sim: ServerChild;
  product: ServerChild;
  secrets: Secrets;
  /**
   * Another product instance on the same Redis and simulator; `extraEnv` overrides its settings;
   * with `onStdoutLine` its log lines come back to the bench instead of going to /dev/null.
   */
  startProduct(
    name: string,
    nodeArgs?: string[],
    extraEnv?: Record<string, string>,
    onStdoutLine?: (line: string) => void,
  ): Promise<ServerChild>;
  /** A server of bench/servers/ in its own process; `extraEnv` adds to its settings. */
  startBaseline(
    file: BaselineFile,
    extraEnv?: Record<string, string>,
    nodeArgs?: string[],
  ): Promise<ServerChild>;
}

/** Fresh random secrets each run: strong enough for NODE_ENV=production's checks. */
function newSecrets(): Secrets {
  return {
    clientId: 'bench-5f0c4e8a-3b7d-4c1e-9a2f',
    secret: `bench-${randomBytes(24).toString('base64url')}`,
    sessionSecret: randomBytes(36).toString('base64url'),
    encryptionKeys: `k1:${randomBytes(32).toString('base64')}`,
  };
}

/**
 * The private Redis, the simulator (dist) and one product instance (dist, production settings);
 * `distRoot` is where they run from: the run's copy of dist/ (snapshotDist).
 */
export async function startStack(distRoot: string): Promise<Stack> {
  const secrets = newSecrets();
  const redis = await startPrivateRedis();
  const simPort = await freePort();
  const sim = await startServer({
    name: 'simulator',
    args: ['dist/simulator/main.js'],
    cwd: distRoot,
    port: simPort,
    readyPath: '/__control/stats',
    env: {
      NODE_ENV: 'production',
      SIMULATOR_PORT: String(simPort),
      SIMULATOR_HOST: '127.0.0.1',
      SECURITIZE_CLIENT_ID: secrets.clientId,
      SECURITIZE_SECRET: secrets.secret,
      SIMULATOR_REDIRECT_URLS: `${PUBLIC_URL}/*`,
      // Honoured by simulators that support padded tokens; the bench measures what it really got.
      SIMULATOR_ACCESS_TOKEN_BYTES: String(ACCESS_TOKEN_BYTES),
    },
  });

  const productEnv = (port: number): Record<string, string> => ({
    NODE_ENV: 'production',
    PORT: String(port),
    PUBLIC_URL,
    TRUST_PROXY: '1',
    SECURITIZE_CLIENT_ID: secrets.clientId,
    SECURITIZE_SECRET: secrets.secret,
    SECURITIZE_API_URL: sim.url,
    SECURITIZE_LOGIN_URL: sim.url,
    REDIS_URL: redis.url,
    SESSION_SECRET: secrets.sessionSecret,
    TOKEN_ENCRYPTION_KEYS: secrets.encryptionKeys,
    // The config's maximum: the bench logs in tens of thousands of times from one address.
    RATE_LIMIT_LOGIN: '100000',
    // Off: the throughput scenarios send thousands of API calls a minute from one session, far past
    // the default of 600. S8 starts an instance with it on to measure what it costs.
    RATE_LIMIT_API: '0',
    // Logging stays on at the production level; stdout goes to /dev/null (S13 reads its instances').
    LOG_LEVEL: 'info',
  });
  const startProduct = async (
    name: string,
    nodeArgs: string[] = [],
    extraEnv: Record<string, string> = {},
    onStdoutLine?: (line: string) => void,
  ) => {
    const port = await freePort();
    return startServer({
      name,
      args: [...nodeArgs, 'dist/main.js'],
      cwd: distRoot,
      port,
      readyPath: '/healthz',
      env: { ...productEnv(port), ...extraEnv },
      onStdoutLine,
    });
  };
  const startBaseline = async (
    file: BaselineFile,
    extraEnv: Record<string, string> = {},
    nodeArgs: string[] = [],
  ) => {
    const port = await freePort();
    return startServer({
      name: file,
      // tsx compiles the script once at start; at run time it is plain JavaScript like dist/.
      args: [...nodeArgs, '--import', 'tsx', path.join('bench', 'servers', `${file}.ts`)],
      cwd: ROOT,
      port,
      readyPath: '/',
      env: {
        NODE_ENV: 'production',
        PORT: String(port),
        REDIS_SOCKET: redis.socket,
        SIM_URL: sim.url,
        CLIENT_ID: secrets.clientId,
        SECRET: secrets.secret,
        SESSION_SECRET: secrets.sessionSecret,
        ...extraEnv,
      },
    });
  };
  const product = await startProduct('product');
  return { redis, sim, product, secrets, startProduct, startBaseline };
}
