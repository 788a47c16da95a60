import { randomBytes } from 'node:crypto';

type Env = Record<string, string | undefined>;

/** `npm run dev` with no configuration at all runs against the bundled Securitize simulator. */
export const wantsDevSimulator = (env: Env) => env.NODE_ENV !== 'production' && !env.SECURITIZE_CLIENT_ID;

/**
 * Friendly development defaults, applied by main.ts before loadConfig. Never in production:
 * production must be configured explicitly and loadConfig refuses what is missing.
 */
export function withDevDefaults(
  env: Env,
  simulator?: { apiUrl: string; loginUrl: string; clientId: string; secret: string },
): {
  env: Env;
  warnings: string[];
} {
  if (env.NODE_ENV === 'production') return { env, warnings: [] };
  const out: Env = { ...env };
  const warnings: string[] = [];
  if (simulator) {
    out.SECURITIZE_CLIENT_ID = simulator.clientId;
    out.SECURITIZE_SECRET = simulator.secret;
    out.SECURITIZE_API_URL = simulator.apiUrl;
    out.SECURITIZE_LOGIN_URL = simulator.loginUrl;
    warnings.push(
      `Using the local Securitize iD simulator at ${simulator.loginUrl} (no SECURITIZE_CLIENT_ID set).`,
    );
  }
  if (!out.SESSION_SECRET) {
    out.SESSION_SECRET = randomBytes(32).toString('base64url');
    warnings.push('No SESSION_SECRET set: using a random one, so sessions end when the process restarts.');
  }
  if (!out.REDIS_URL)
    warnings.push(
      "No REDIS_URL set: sessions are kept IN THIS PROCESS'S MEMORY. Development only; set REDIS_URL (e.g. redis://127.0.0.1:6379) to use Redis.",
    );
  return { env: out, warnings };
}
