/**
 * Development only, required by the process (src/process/run.ts) only when NODE_ENV is not production: what
 * `npm run dev` brings with no configuration (a throwaway Redis, the Securitize iD simulator, the
 * example app backend, random secrets). The production process never loads this folder.
 */
import { startDevAppBackend } from './app-backend';
import { DevParts, wantsDevAppBackend, wantsDevRedis, wantsDevSimulator, withDevDefaults } from './defaults';
import type { DevHooks } from './hooks';
import { startDevRedis } from './redis';
import { startDevSimulator } from './simulator';

export type { DevHooks } from './hooks';

type Env = Record<string, string | undefined>;

/** Starts what the environment leaves out, and returns the environment with it filled in. */
export async function startDevParts(env: Env, hooks: DevHooks) {
  const parts: DevParts = {};
  if (wantsDevRedis(env)) {
    const devRedis = await startDevRedis({ restarted: hooks.warn, gaveUp: hooks.fatal });
    hooks.onStop(devRedis.stop);
    parts.redisUrl = devRedis.url;
  }
  if (!hooks.stopping() && wantsDevSimulator(env)) parts.simulator = await startDevSimulator(env, hooks);
  if (!hooks.stopping() && wantsDevAppBackend(env)) {
    const backend = await startDevAppBackend(env, hooks.listen);
    if ('stop' in backend) hooks.onStop(backend.stop);
    parts.appBackend = backend;
  }
  const { env: filled, warnings } = withDevDefaults(env, parts);
  return { env: filled, warnings, brought: { simulator: !!parts.simulator, devRedis: !!parts.redisUrl } };
}
