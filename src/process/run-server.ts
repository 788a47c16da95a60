import { createServer } from 'node:http';
import express from 'express';
import pino from 'pino';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createRedis } from '../redis';
import { createSecuritizeClient } from '../securitize';
import { createApps, metricsHandler, metricsOnPublicPort } from '../app';
import { createMetrics } from '../metrics';
import {
  DevParts,
  wantsDevAppBackend,
  wantsDevRedis,
  wantsDevSimulator,
  withDevDefaults,
} from './dev-defaults';
import { startDevAppBackend } from './dev-app-backend';
import { startDevRedis } from './dev-redis';
import { createSimulator, DEV_CLIENT } from '../simulator';
import { unknownVariableWarnings } from './unknown-variables';
import { boundTo, listenOn, portError, StartupError } from './listen';
import { startupMessage } from './startup-message';
import { describePolicy } from '../policy';
import { Lifecycle, say } from './lifecycle';
import type { Tracing } from '../tracing';

export interface Started {
  /** The environment with `.env`'s variables (withEnvFile) and which of them came from the file. */
  env: Record<string, string | undefined>;
  file?: string;
  keys: string[];
  tracing?: Tracing;
  tracingOff?: string;
}

/**
 * Everything the process starts after tracing (src/main.ts): the development parts, config,
 * logger, Redis, the apps, the listeners. A start-up failure prints one `Fatal:` line and stops
 * everything already started.
 */
export async function runServer(life: Lifecycle, started: Started): Promise<void> {
  const { env: fileEnv, file, keys, tracing } = started;
  const parts: DevParts = {};
  if (wantsDevRedis(fileEnv)) {
    const devRedis = await startDevRedis({
      restarted: (message) => say(`Warning: ${message}`),
      gaveUp: (message) => void life.fatal(new StartupError(message)),
    });
    life.onStop(devRedis.stop);
    if (life.stopping) return;
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
    life.onStop(listening.close);
    if (life.stopping) return;
    parts.simulator = {
      apiUrl: listening.url,
      loginUrl: listening.url.replace('127.0.0.1', 'localhost'),
      ...DEV_CLIENT,
    };
  }
  if (wantsDevAppBackend(fileEnv)) {
    const backend = await startDevAppBackend(fileEnv);
    if ('stop' in backend) life.onStop(backend.stop);
    if (life.stopping) return;
    parts.appBackend = backend;
  }
  const { env, warnings } = withDevDefaults(fileEnv, parts);
  const config = loadConfig(env);

  // Asynchronous, buffered writes: one write syscall per batch instead of one per log line.
  const logger = createLogger(config.logLevel, pino.destination({ sync: false }), {
    traceFields: tracing !== undefined,
  });
  life.useLogger(logger, config.shutdownTimeoutMs);
  life.onStop(() => new Promise((r) => logger.flush(() => r(undefined))));
  // For the person starting it: plain lines on stderr, ahead of the JSON logs.
  if (file)
    say(`Read ${keys.length} variable(s) from ${file}; variables set in the environment win over it.`);
  for (const w of [...warnings, ...unknownVariableWarnings(fileEnv)]) say(`Warning: ${w}`);

  const metrics = createMetrics();
  const redis = createRedis(config.redis, logger);
  life.onStop(() => redis.quit().catch(() => redis.disconnect()));
  const tracer = tracing?.tracer;
  const securitize = createSecuritizeClient({ ...config.securitize, observe: metrics.upstream, tracer });
  const { app, forwardAuth } = createApps({ config, redis, securitize, logger, metrics, tracer });
  const server = createServer(app);
  life.serve(server);
  const port = await listenOn(server, config.port, 'PORT');
  logger.info(
    { event: 'listening', port, address: boundTo(server) },
    `BFF listening on port ${port} (${boundTo(server)}: every interface, for the proxy in front)`,
  );
  say(startupMessage(config, { simulator: !!parts.simulator, devRedis: !!parts.redisUrl }));
  if (forwardAuth) {
    const faServer = createServer(forwardAuth);
    life.serve(faServer);
    const at = await listenOn(
      faServer,
      config.forwardAuth.port!,
      'FORWARD_AUTH_PORT',
      config.forwardAuth.host,
    );
    logger.info(
      {
        event: 'forward_auth_listening',
        port: at,
        address: boundTo(faServer),
        headers: config.forwardAuth.headers,
      },
      `forward-auth listening on ${boundTo(faServer)} port ${at} (FORWARD_AUTH_HOST)`,
    );
  }
  if (forwardAuth || config.policy.apis.length > 0 || config.policy.rules.length > 0) {
    const policy = describePolicy(config.policy);
    logger.info(
      { event: 'policy_loaded', ...policy },
      `policy: ${policy.rules.length} rule(s), a path no rule covers gets "${policy.default}", ${policy.apis.length} app-API prefix(es)`,
    );
  }
  if (config.assertion.keysGenerated)
    logger.info(
      { event: 'assertion_key_generated' },
      'investor assertions: signed with a key made for this process (set ASSERTION_SIGNING_KEYS to keep one)',
    );
  if (tracing) {
    // Registered last, so it runs alongside Redis's quit, after the servers have closed.
    life.onStop(tracing.shutdown);
    logger.info(
      { event: 'tracing_on', ...tracing.describe },
      `tracing: spans go to ${tracing.describe.endpoint} (OTLP ${tracing.describe.protocol})`,
    );
  } else logger.info({ event: 'tracing_off' }, `tracing: off (${started.tracingOff ?? 'not started'})`);
  if (config.metricsPort !== undefined) {
    const metricsServer = createServer(express().get('/metrics', metricsHandler(metrics)));
    life.serve(metricsServer);
    const at = await listenOn(metricsServer, config.metricsPort, 'METRICS_PORT', config.metricsHost);
    logger.info(
      { event: 'metrics_listening', port: at, address: boundTo(metricsServer) },
      `metrics listening on ${boundTo(metricsServer)} port ${at} (METRICS_HOST)`,
    );
  } else
    logger.info(
      { event: 'metrics_off', publicPort: metricsOnPublicPort(config) },
      metricsOnPublicPort(config)
        ? 'metrics: /metrics on the public port (development); set METRICS_PORT to move them'
        : 'metrics: off (set METRICS_PORT to serve /metrics on a port of its own)',
    );
}
