import { createServer, Server } from 'node:http';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { createRedis } from './redis';
import { createSecuritizeClient } from './securitize';
import { createApp, metricsHandler } from './app';
import { createMetrics } from './metrics';
import { DevParts, wantsDevRedis, wantsDevSimulator, withDevDefaults } from './dev-defaults';
import { startDevRedis } from './dev-redis';
import { createSimulator, DEV_CLIENT } from './simulator';
import express from 'express';
import pino from 'pino';

/** The process edge: the only file that reads process.env, opens connections, listens and stops. */
async function main(): Promise<void> {
  const closers: Array<() => Promise<unknown>> = [];
  const parts: DevParts = {};
  if (wantsDevRedis(process.env)) {
    const devRedis = await startDevRedis();
    closers.push(devRedis.stop);
    parts.redisUrl = devRedis.url;
  }
  if (wantsDevSimulator(process.env)) {
    const port = Number(process.env.PORT ?? 3000);
    const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
    const sim = createSimulator({
      clients: [{ ...DEV_CLIENT, redirectUrls: [`${publicUrl.replace(/\/$/, '')}/*`] }],
    });
    const listening = await sim.listen(Number(process.env.SIMULATOR_PORT ?? 4000), '127.0.0.1');
    closers.push(listening.close);
    parts.simulator = {
      apiUrl: listening.url,
      loginUrl: listening.url.replace('127.0.0.1', 'localhost'),
      ...DEV_CLIENT,
    };
  }
  const { env, warnings } = withDevDefaults(process.env, parts);

  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // Asynchronous, buffered writes: one write syscall per batch instead of one per log line.
  const logger = createLogger(config.logLevel, pino.destination({ sync: false }));
  for (const w of warnings) logger.warn({ event: 'dev_default' }, w);

  const metrics = createMetrics();
  const redis = createRedis(config.redis, logger);
  const securitize = createSecuritizeClient({ ...config.securitize, observe: metrics.upstream });
  const app = createApp({ config, redis, securitize, logger, metrics });
  const servers: Server[] = [listen(createServer(app), config.port, 'BFF', logger)];
  if (config.metricsPort !== undefined) {
    const metricsApp = express().get('/metrics', metricsHandler(metrics));
    servers.push(listen(createServer(metricsApp), config.metricsPort, 'metrics', logger));
  }

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
      await Promise.allSettled([redis.quit(), ...closers.map((c) => c())]);
      logger.info({ event: 'stopped' }, 'stopped');
      logger.flush(() => process.exit(0));
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function listen(server: Server, port: number, what: string, logger: ReturnType<typeof createLogger>): Server {
  server.listen(port, () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    const event = what === 'BFF' ? 'listening' : `${what}_listening`;
    logger.info({ event, port: actual }, `${what} listening on port ${actual}`);
  });
  return server;
}

main().catch((err: unknown) => {
  process.stderr.write(`Fatal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
