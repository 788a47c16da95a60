import { randomBytes } from 'node:crypto';

type Env = Record<string, string | undefined>;

/** `npm run dev` with no configuration at all runs against the bundled Securitize simulator. */
export const wantsDevSimulator = (env: Env) => env.NODE_ENV !== 'production' && !env.SECURITIZE_CLIENT_ID;
export const wantsDevRedis = (env: Env) =>
  env.NODE_ENV !== 'production' && !env.REDIS_URL && !env.REDIS_SENTINELS && !env.REDIS_CLUSTER_NODES;
/**
 * The example app backend behind `/app-api/offerings`, for the demo's Offerings card. Not in test
 * mode: tests bring their own backends, and several test servers at once must not contend for its port.
 */
export const wantsDevAppBackend = (env: Env) =>
  env.NODE_ENV !== 'production' && env.NODE_ENV !== 'test' && !env.POLICY_FILE;

export interface DevParts {
  simulator?: {
    apiUrl: string;
    loginUrl: string;
    clientId: string;
    secret: string;
    /** Its webhooks, when the environment configures none of its own. */
    webhooks?: { env: Env; note: string };
  };
  redisUrl?: string;
  /** The running example backend and its policy file, or why it could not run. */
  appBackend?: { url: string; policyFile: string } | { unavailable: string };
}

/**
 * Friendly development defaults, applied by main.ts before loadConfig. Never in production:
 * production must be configured explicitly and loadConfig refuses what is missing.
 */
export function withDevDefaults(env: Env, parts: DevParts = {}): { env: Env; warnings: string[] } {
  if (env.NODE_ENV === 'production') return { env, warnings: [] };
  const out: Env = { ...env };
  const warnings: string[] = [];
  if (parts.simulator) {
    out.SECURITIZE_CLIENT_ID = parts.simulator.clientId;
    out.SECURITIZE_SECRET = parts.simulator.secret;
    out.SECURITIZE_API_URL = parts.simulator.apiUrl;
    out.SECURITIZE_LOGIN_URL = parts.simulator.loginUrl;
    warnings.push(
      `Using the local Securitize iD simulator at ${parts.simulator.loginUrl} (no SECURITIZE_CLIENT_ID set).`,
    );
    if (parts.simulator.webhooks && !out.SECURITIZE_WEBHOOK_TOKEN) {
      Object.assign(out, parts.simulator.webhooks.env);
      warnings.push(parts.simulator.webhooks.note);
    }
  }
  if (parts.redisUrl && !out.REDIS_URL) {
    out.REDIS_URL = parts.redisUrl;
    warnings.push(
      'No REDIS_URL set: using a private, throwaway redis-server; sessions end when the process stops.',
    );
  }
  if (parts.appBackend && 'unavailable' in parts.appBackend) warnings.push(parts.appBackend.unavailable);
  else if (parts.appBackend && !out.POLICY_FILE) {
    out.POLICY_FILE = parts.appBackend.policyFile;
    warnings.push(
      `No POLICY_FILE set: the example app backend serves /app-api/offerings (verified investors only) from ${parts.appBackend.url}, with ${parts.appBackend.policyFile}.`,
    );
  }
  if (!out.SESSION_SECRET) {
    out.SESSION_SECRET = randomBytes(32).toString('base64url');
    warnings.push('No SESSION_SECRET set: using a random one, so sessions end when the process restarts.');
  }
  if (!out.TOKEN_ENCRYPTION_KEYS) {
    out.TOKEN_ENCRYPTION_KEYS = `dev:${randomBytes(32).toString('base64')}`;
    warnings.push(
      'No TOKEN_ENCRYPTION_KEYS set: using a random key, so stored sessions end when the process restarts.',
    );
  }
  return { env: out, warnings };
}
