import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { createRedis } from './redis';
import { createSecuritizeClient } from './securitize';
import { createApp } from './app';
import { DevParts, wantsDevRedis, wantsDevSimulator, withDevDefaults } from './dev-defaults';
import { startDevRedis } from './dev-redis';
import { createSimulator, DEV_CLIENT } from './simulator';

/** The process edge: the only file that reads process.env, opens connections and listens. */
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
    const url = listening.url.replace('127.0.0.1', 'localhost');
    parts.simulator = { apiUrl: listening.url, loginUrl: url, ...DEV_CLIENT };
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
  const logger = createLogger(config.logLevel);
  for (const w of warnings) logger.warn({ event: 'dev_default' }, w);

  const redis = createRedis(
    { url: config.redis.url, commandTimeoutMs: config.redis.commandTimeoutMs },
    logger,
  );
  const securitize = createSecuritizeClient({ ...config.securitize });
  const app = createApp({ config, redis, securitize, logger });
  const server: Server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ event: 'listening', port }, `BFF listening on port ${port} (${config.publicUrl})`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'shutdown', signal }, 'shutting down');
    server.close();
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    force.unref();
    server.on('close', async () => {
      await Promise.allSettled([redis.quit(), ...closers.map((c) => c())]);
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Fatal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
