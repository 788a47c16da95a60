import pino from 'pino';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { closeRedis, createBus, createRedis } from '../store';
import { createSecuritizeClient } from '../securitize';
import { createApps } from '../app';
import { createMetrics } from '../metrics';
import type { Tracing } from '../tracing';
import { unknownVariableWarnings } from './unknown-variables';
import { listenOn, portError, StartupError } from './listen';
import { startupMessage } from './startup-message';
import { logSettings, serveAll } from './listeners';
import { reportExportProblems } from './trace-problems';
import { Lifecycle, say } from './lifecycle';

type Env = Record<string, string | undefined>;

export interface Started {
  /** The environment with `.env`'s variables (withEnvFile) and which of them came from the file. */
  env: Env;
  file?: string;
  keys: string[];
  tracing?: Tracing;
  tracingOff?: string;
}

/**
 * Outside production, what `npm run dev` brings (src/dev/, loaded only then, so the production
 * process never loads the simulator, the example backend or the development Redis).
 */
async function withDevelopmentParts(env: Env, life: Lifecycle) {
  if (env.NODE_ENV === 'production')
    return { env, warnings: [], brought: { simulator: false, devRedis: false } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only outside production
  const dev = require('../dev') as typeof import('../dev');
  return dev.startDevParts(env, {
    listen: listenOn,
    portError,
    onStop: life.onStop,
    stopping: () => life.stopping,
    warn: (message: string) => say(`Warning: ${message}`),
    fatal: (message: string) => void life.fatal(new StartupError(message)),
  });
}

/**
 * Everything the process starts after tracing (src/main.ts): the development parts, config,
 * logger, Redis, the apps, the listeners. A start-up failure prints one `Fatal:` line and stops
 * everything already started.
 */
export async function runServer(life: Lifecycle, started: Started): Promise<void> {
  const { file, keys, tracing } = started;
  // For the person starting it, plain lines on stderr ahead of the JSON logs: a misspelled variable
  // first, so a refusal that follows (`SESSION_SECRET: required`) comes after its likely cause.
  if (file)
    say(`Read ${keys.length} variable(s) from ${file}; variables set in the environment win over it.`);
  for (const w of unknownVariableWarnings(started.env)) say(`Warning: ${w}`);
  const { env, warnings, brought } = await withDevelopmentParts(started.env, life);
  if (life.stopping) return;
  for (const w of warnings) say(`Warning: ${w}`);
  const config = loadConfig(env);

  // Asynchronous, buffered writes: one write syscall per batch instead of one per log line.
  const logger = createLogger(config.logLevel, pino.destination({ sync: false }), {
    traceFields: tracing !== undefined,
  });
  life.useLogger(logger, config.shutdownTimeoutMs);
  life.onStop(() => new Promise((r) => logger.flush(() => r(undefined))));

  const metrics = createMetrics();
  if (tracing) reportExportProblems(tracing, logger, metrics);
  const redis = createRedis(config.redis, logger);
  life.onStop(() => closeRedis(redis));
  // Every instance hears the others' drops of an investor's cached facts (webhooks, the admin API).
  const bus = createBus(redis, logger);
  life.onStop(() => bus.close());
  const tracer = tracing?.tracer;
  const securitize = createSecuritizeClient({ ...config.securitize, observe: metrics.upstream, tracer });
  const apps = createApps({ config, redis, securitize, logger, metrics, tracer, bus });
  await serveAll(life, { config, logger, metrics, ...apps }, () => say(startupMessage(config, brought)));
  logSettings(logger, config, apps.forwardAuth !== undefined, started);
  // Registered last, so it runs alongside Redis's quit, after the servers have closed.
  if (tracing) life.onStop(tracing.shutdown);
}
