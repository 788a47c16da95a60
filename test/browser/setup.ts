import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Redis from 'ioredis';
import { createApp } from '../../src/app';
import { Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { createRedis } from '../../src/store';
import { createSecuritizeClient } from '../../src/securitize';
import { createSimulator, type Simulator } from '../../src/simulator';
import { CLIENT_ID, ENCRYPTION_KEYS, SECRET, SESSION_SECRET } from '../helpers/harness';
import { type RedisChild, startRedisServer } from '../helpers/redis-server';

export interface E2eStack {
  /** The BFF's origin, which is also the web app's (it serves the page). */
  appUrl: string;
  /** Where the browser logs in: the simulator under another site name (see below). */
  loginUrl: string;
  sim: Simulator;
  config: Config;
  redisChild: RedisChild;
  logs: string[];
  close(): Promise<void>;
}

/**
 * The BFF, a private redis-server and the Securitize iD simulator, all on real ports, for a real
 * browser. The BFF's port is taken first because PUBLIC_URL, APP_URL and the simulator's redirect
 * allow-list all need it before the app is built.
 */
export async function startE2eStack(): Promise<E2eStack> {
  const redisChild = await startRedisServer();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sim = createSimulator({
    clients: [{ clientId: CLIENT_ID, secret: SECRET, redirectUrls: [`${appUrl}/*`] }],
  });
  const simHttp = await sim.listen(0, '127.0.0.1');
  // The browser reaches the simulator as "localhost", a different site from 127.0.0.1 (ports don't
  // make sites), so the return to /callback is cross-site as it is from Securitize: the Lax tx cookie
  // must survive it and the Strict session cookie is never sent to the simulator.
  const loginUrl = simHttp.url.replace('127.0.0.1', 'localhost');

  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: appUrl,
    APP_URL: appUrl,
    SECURITIZE_CLIENT_ID: CLIENT_ID,
    SECURITIZE_SECRET: SECRET,
    SECURITIZE_API_URL: simHttp.url,
    SECURITIZE_LOGIN_URL: loginUrl,
    SECURITIZE_TIMEOUT_MS: '3000',
    REDIS_URL: redisChild.url,
    SESSION_SECRET,
    TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
    RATE_LIMIT_LOGIN: '100000',
    LOG_LEVEL: 'info',
  });
  if (!config.devPage) throw new Error('config.devPage is false: the BFF would not serve the web app');
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logs.push(line) });
  const redis = createRedis(config.redis, logger) as Redis; // a standalone server in these tests
  // Like the harness: a registry of its own and no default process metrics.
  const metrics = createMetrics({ defaultMetrics: false });
  const securitize = createSecuritizeClient({ ...config.securitize, observe: metrics.upstream });
  const app = createApp({ config, redis, securitize, logger, metrics });
  server.on('request', app);

  return {
    appUrl,
    loginUrl,
    sim,
    config,
    redisChild,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
      await simHttp.close();
      await redisChild.close();
    },
  };
}
