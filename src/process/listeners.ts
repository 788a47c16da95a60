import { createServer, Server } from 'node:http';
import express, { Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import { metricsHandler } from '../http';
import { describePolicy } from '../policy';
import { metricsOnPublicPort } from '../app';
import type { Tracing } from '../tracing';
import type { Lifecycle } from './lifecycle';
import { boundTo, listenOn } from './listen';

interface Served {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  app: Express;
  forwardAuth: Express | undefined;
  admin?: Express | undefined;
}

async function listen(life: Lifecycle, app: Express, port: number, variable: string, host?: string) {
  const server: Server = createServer(app);
  life.serve(server);
  const at = await listenOn(server, port, variable, host);
  return { at, address: boundTo(server) };
}

/**
 * The listeners, each logging where it listens: the public port on every interface (for the proxy
 * in front), forward-auth, the admin API and metrics on their own ports, bound to loopback unless
 * told otherwise.
 */
export async function serveAll(life: Lifecycle, s: Served, onPublic: () => void): Promise<void> {
  const { config, logger } = s;
  const pub = await listen(life, s.app, config.port, 'PORT');
  logger.info(
    { event: 'listening', port: pub.at, address: pub.address },
    `BFF listening on port ${pub.at} (${pub.address}: every interface, for the proxy in front)`,
  );
  onPublic();
  if (s.forwardAuth) {
    const fa = await listen(
      life,
      s.forwardAuth,
      config.forwardAuth.port!,
      'FORWARD_AUTH_PORT',
      config.forwardAuth.host,
    );
    logger.info(
      {
        event: 'forward_auth_listening',
        port: fa.at,
        address: fa.address,
        headers: config.forwardAuth.headers,
      },
      `forward-auth listening on ${fa.address} port ${fa.at} (FORWARD_AUTH_HOST)`,
    );
  }
  if (s.admin) {
    const a = await listen(life, s.admin, config.admin.port!, 'ADMIN_PORT', config.admin.host);
    logger.info(
      { event: 'admin_listening', port: a.at, address: a.address, operators: config.admin.tokens.length },
      `admin API listening on ${a.address} port ${a.at} (ADMIN_HOST), ${config.admin.tokens.length} operator token(s)`,
    );
  }
  if (config.metricsPort !== undefined) {
    const m = await listen(
      life,
      express().get('/metrics', metricsHandler(s.metrics)),
      config.metricsPort,
      'METRICS_PORT',
      config.metricsHost,
    );
    logger.info(
      { event: 'metrics_listening', port: m.at, address: m.address },
      `metrics listening on ${m.address} port ${m.at} (METRICS_HOST)`,
    );
  } else
    logger.info(
      { event: 'metrics_off', publicPort: metricsOnPublicPort(config) },
      metricsOnPublicPort(config)
        ? 'metrics: /metrics on the public port (development); set METRICS_PORT to move them'
        : 'metrics: off (set METRICS_PORT to serve /metrics on a port of its own)',
    );
}

/** One line each for what the configuration decided that an operator should see at start-up. */
export function logSettings(
  logger: Logger,
  config: Config,
  forwardAuth: boolean,
  t: { tracing?: Tracing; tracingOff?: string },
): void {
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
  if (t.tracing)
    logger.info(
      { event: 'tracing_on', ...t.tracing.describe },
      `tracing: spans go to ${t.tracing.describe.endpoint} (OTLP ${t.tracing.describe.protocol})`,
    );
  else logger.info({ event: 'tracing_off' }, `tracing: off (${t.tracingOff ?? 'not started'})`);
}
