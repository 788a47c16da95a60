import { createServer, Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { createRedis } from './redis';
import { createSecuritizeClient } from './securitize';
import { createApp, metricsHandler, metricsOnPublicPort } from './app';
import { createMetrics } from './metrics';
import { DevParts, wantsDevRedis, wantsDevSimulator, withDevDefaults } from './dev-defaults';
import { startDevRedis } from './dev-redis';
import { createSimulator, DEV_CLIENT } from './simulator';
import { withEnvFile } from './process/env-file';
import { unknownVariableWarnings } from './process/unknown-variables';
import { listenOn, portError, StartupError } from './process/listen';
import { startupMessage } from './process/startup-message';

type Closer = () => Promise<unknown>;
const say = (line: string) => void process.stderr.write(`${line}\n`);

/**
 * The process edge: the only file that reads process.env, opens connections, listens and stops.
 * A start-up failure prints one `Fatal:` line and stops everything already started.
 */
async function main(closers: Closer[]): Promise<void> {
  const { env: fileEnv, file, keys } = withEnvFile(process.env);
  const parts: DevParts = {};
  if (wantsDevRedis(fileEnv)) {
    const devRedis = await startDevRedis({
      restarted: (message) => say(`Warning: ${message}`),
      gaveUp: (message) => void fatal(new StartupError(message), closers),
    });
    closers.push(devRedis.stop);
    parts.redisUrl = devRedis.url;
  }
  if (wantsDevSimulator(fileEnv)) {
    const port = Number(fileEnv.PORT ?? 3000);
    const publicUrl = fileEnv.PUBLIC_URL ?? `http://localhost:${port}`;
    const sim = createSimulator({
      clients: [{ ...DEV_CLIENT, redirectUrls: [`${publicUrl.replace(/\/$/, '')}/*`] }],
    });
    const simPort = Number(fileEnv.SIMULATOR_PORT ?? 4000);
    const listening = await sim.listen(simPort, '127.0.0.1').catch((err: NodeJS.ErrnoException) => {
      throw portError(err, simPort, 'SIMULATOR_PORT');
    });
    closers.push(listening.close);
    parts.simulator = {
      apiUrl: listening.url,
      loginUrl: listening.url.replace('127.0.0.1', 'localhost'),
      ...DEV_CLIENT,
    };
  }
  const { env, warnings } = withDevDefaults(fileEnv, parts);
  const config = loadConfig(env);

  // Asynchronous, buffered writes: one write syscall per batch instead of one per log line.
  const logger = createLogger(config.logLevel, pino.destination({ sync: false }));
  closers.push(() => new Promise((r) => logger.flush(() => r(undefined))));
  // For the person starting it: plain lines on stderr, ahead of the JSON logs.
  if (file)
    say(`Read ${keys.length} variable(s) from ${file}; variables set in the environment win over it.`);
  for (const w of [...warnings, ...unknownVariableWarnings(fileEnv)]) say(`Warning: ${w}`);

  const metrics = createMetrics();
  const redis = createRedis(config.redis, logger);
  closers.push(() => redis.quit().catch(() => redis.disconnect()));
  const securitize = createSecuritizeClient({ ...config.securitize, observe: metrics.upstream });
  const app = createApp({ config, redis, securitize, logger, metrics });
  const servers: Server[] = [createServer(app)];
  const port = await listenOn(servers[0]!, config.port, 'PORT');
  logger.info({ event: 'listening', port }, `BFF listening on port ${port}`);
  say(startupMessage(config, { simulator: !!parts.simulator, devRedis: !!parts.redisUrl }));
  if (config.metricsPort !== undefined) {
    servers.push(createServer(express().get('/metrics', metricsHandler(metrics))));
    const at = await listenOn(servers[1]!, config.metricsPort, 'METRICS_PORT');
    logger.info({ event: 'metrics_listening', port: at }, `metrics listening on port ${at}`);
  } else
    logger.info(
      { event: 'metrics_off', publicPort: metricsOnPublicPort(config) },
      metricsOnPublicPort(config)
        ? 'metrics: /metrics on the public port (development); set METRICS_PORT to move them'
        : 'metrics: off (set METRICS_PORT to serve /metrics on a port of its own)',
    );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'shutdown', signal }, 'shutting down: no new connections, finishing requests');
    // In-flight requests finish; idle keep-alive connections close now; stragglers at the deadline.
    const closed = servers.map((s) => new Promise((r) => s.close(r)));
    for (const s of servers) s.closeIdleConnections();
    const force = setTimeout(() => {
      logger.warn({ event: 'shutdown_deadline' }, 'closing connections still open at the deadline');
      for (const s of servers) s.closeAllConnections();
    }, config.shutdownTimeoutMs);
    force.unref();
    void Promise.all(closed).then(async () => {
      logger.info({ event: 'stopped' }, 'stopped');
      await Promise.allSettled(closers.map((c) => c()));
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** One line a person can act on, then everything already started is stopped (simulator, Redis, temp files). */
async function fatal(err: unknown, closers: Closer[]): Promise<never> {
  const message =
    err instanceof ConfigError ? err.message : `Fatal: ${err instanceof Error ? err.message : String(err)}`;
  say(message);
  await Promise.allSettled(closers.map((c) => c()));
  process.exit(1);
}

const closers: Closer[] = [];
main(closers).catch((err: unknown) => fatal(err, closers));
