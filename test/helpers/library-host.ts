import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express5 from 'express';
import express4 from 'express4';
import request from 'supertest';
import { createBff, createLogger, createRedis, createSecuritizeClient, loadConfig } from '../../src';
import { createSimulator } from '../../src/simulator';
import { CLIENT_ID, ENCRYPTION_KEYS, loginAs, SECRET, SESSION_SECRET } from './harness';
import { startRedisServer } from './redis-server';
import { policyFile, signingKey } from './vouch';

/** The Express majors a host app may run (package.json's peer range): the BFF must act alike in each. */
export const HOSTS = [
  ['Express 4', express4],
  ['Express 5', express5],
] as const;

/** The web app's origin (APP_URL): one of the BFF's own origins. */
export const APP_ORIGIN = 'http://shop.test';

/**
 * The BFF in library mode for one host app: its own redis-server child, the simulator over HTTP,
 * PUBLIC_URL under /bff. `listen` serves the host app built around `bff`.
 */
export async function startLibraryWorld(policy: string) {
  const redisChild = await startRedisServer();
  const sim = createSimulator({
    clients: [{ clientId: CLIENT_ID, secret: SECRET, redirectUrls: [`${APP_ORIGIN}/*`] }],
  });
  const simHttp = await sim.listen(0);
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: `${APP_ORIGIN}/bff`,
    APP_URL: APP_ORIGIN,
    SECURITIZE_CLIENT_ID: CLIENT_ID,
    SECURITIZE_SECRET: SECRET,
    SECURITIZE_API_URL: simHttp.url,
    SECURITIZE_LOGIN_URL: simHttp.url,
    REDIS_URL: redisChild.url,
    SESSION_SECRET,
    TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
    ASSERTION_SIGNING_KEYS: signingKey('host'),
    LOG_LEVEL: 'silent',
    POLICY_FILE: policyFile(policy),
  });
  const logger = createLogger(config.logLevel);
  const redis = createRedis(config.redis, logger);
  const bff = createBff({ config, redis, logger, securitize: createSecuritizeClient(config.securitize) });
  let server: Server | undefined;
  let url = '';

  return {
    bff,
    redisChild,
    get url() {
      return url;
    },
    async listen(app: ReturnType<typeof express5>) {
      server = await new Promise<Server>((r) => {
        const s = app.listen(0, '127.0.0.1', () => r(s));
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    /** Logs in as a browser does, through the host's /bff/login, the simulator and /bff/callback/…: the session cookie. */
    async login(investorId: string): Promise<string> {
      const send = (_m: 'get', path: string, headers: Record<string, string> = {}) =>
        request(url)
          .get(path.startsWith('/bff/') ? path : `/bff${path}`)
          .set(headers)
          .redirects(0);
      const { cookie } = await loginAs(send, simHttp.url, investorId, config, {});
      if (!cookie) throw new Error('the login set no session cookie');
      return cookie;
    },
    async close() {
      server?.closeAllConnections();
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      redis.disconnect();
      await simHttp.close();
      await redisChild.close();
    },
  };
}

export type LibraryWorld = Awaited<ReturnType<typeof startLibraryWorld>>;
