import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request, { Response } from 'supertest';
import type Redis from 'ioredis';
import { createApps } from '../../src/app';
import { Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createBus, createRedis } from '../../src/store';
import { createSecuritizeClient } from '../../src/securitize';
import { createMetrics } from '../../src/metrics';
import { createSimulator, Simulator, SimulatorOptions } from '../../src/simulator';
import { RedisChild, startRedisServer } from './redis-server';
import { cookieHeader } from './cookies';
import { parseCallbackUrl } from '../../src/login/callback-params';
import { createTokenCodec } from '../../src/store/seal';
import { parseEncryptionKeys } from '../../src/config';
import { openTokens, parseRecord } from '../../src/store/session-record';

export const CLIENT_ID = '8c0c7c23-5865-40aa-9f77-fe7e733d5af7';
export const SECRET = 'test-secret-95cacd3d-fbcf-487c-b8f0-60f986ea8968';
export const SESSION_SECRET = 'test-session-secret-4f9c2a7b1e8d3c6a5b0f9e2d7c4a1b8e';
/** A fixed key for tests, but not a degenerate one (production refuses keys with few distinct bytes). */
export const ENCRYPTION_KEYS = `k1:${Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64')}`;

export interface HarnessOptions {
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
  redis?: RedisChild;
  /** Reach Redis through these variables instead (REDIS_SENTINELS…, REDIS_CLUSTER_NODES); no child is started. */
  redisEnv?: Record<string, string>;
  now?: () => number;
  /** Another harness's simulator, so two BFF instances talk to one Securitize. */
  shareSimulatorOf?: { sim: Simulator; simUrl: string };
}

export interface Recorded {
  method: string;
  path: string;
  status: number;
  headers: Record<string, unknown>;
  text: string;
}

/**
 * The BFF wired to real parts: its own redis-server child, the simulator over real HTTP on
 * port 0, and the app listening on port 0. Every response and log line is kept for scans.
 */
export async function startHarness(opts: HarnessOptions = {}) {
  const redisChild = opts.redisEnv ? undefined : (opts.redis ?? (await startRedisServer()));
  const publicUrl = opts.env?.PUBLIC_URL ?? 'http://bff.test';
  const shared = opts.shareSimulatorOf;
  const sim: Simulator =
    shared?.sim ??
    createSimulator({
      clients: [{ clientId: CLIENT_ID, secret: SECRET, redirectUrls: [`${publicUrl}/*`] }],
      // One clock for Securitize and the BFF, so "the access token expired" means the same to both.
      now: opts.now,
      ...opts.simulator,
    });
  const simHttp = shared ? { url: shared.simUrl, close: async () => undefined } : await sim.listen(0);
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: publicUrl,
    APP_URL: 'http://app.test',
    SECURITIZE_CLIENT_ID: CLIENT_ID,
    SECURITIZE_SECRET: SECRET,
    SECURITIZE_API_URL: simHttp.url,
    SECURITIZE_LOGIN_URL: simHttp.url,
    SECURITIZE_TIMEOUT_MS: '1500',
    ...(opts.redisEnv ?? { REDIS_URL: redisChild!.url }),
    SESSION_SECRET,
    TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
    // Tests log in many times from one address; the rate-limit tests set their own limit.
    RATE_LIMIT_LOGIN: '100000',
    // Refresh storms send hundreds of calls a minute from one session; the API-limit tests set their own.
    RATE_LIMIT_API: '0',
    LOG_LEVEL: 'debug',
    ...opts.env,
  });
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logs.push(line) });
  // A standalone server unless redisEnv says otherwise; the Redis-specific helpers need the former.
  const redis = createRedis(config.redis, logger) as Redis;
  const metrics = createMetrics({ defaultMetrics: false });
  const securitize = createSecuritizeClient({
    ...config.securitize,
    now: opts.now,
    observe: metrics.upstream,
  });
  const bus = createBus(redis, logger);
  const apps = createApps({ config, redis, securitize, logger, metrics, now: opts.now, bus });
  const listen = (app: typeof apps.app): Promise<Server> =>
    new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
  const server = await listen(apps.app);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Forward-auth's own listener, when FORWARD_AUTH_PORT is set (tests set it to 0).
  const faServer = apps.forwardAuth && (await listen(apps.forwardAuth));
  const faUrl = faServer ? `http://127.0.0.1:${(faServer.address() as AddressInfo).port}` : '';
  // The admin API's own listener, when ADMIN_PORT is set (tests set it to 0).
  const adminServer = apps.admin && (await listen(apps.admin));
  const adminUrl = adminServer ? `http://127.0.0.1:${(adminServer.address() as AddressInfo).port}` : '';
  const responses: Recorded[] = [];
  const codes: string[] = [];

  const record = async (method: string, path: string, test: request.Test): Promise<Response> => {
    const res = await test;
    responses.push({ method, path, status: res.status, headers: res.headers, text: res.text ?? '' });
    return res;
  };
  const send = (
    method: 'get' | 'post' | 'put' | 'delete' | 'patch',
    path: string,
    headers: Record<string, string> = {},
  ) => record(method, path, request(url)[method](path).set(headers).redirects(0));

  return {
    config,
    url,
    /** Forward-auth's URL ('' unless FORWARD_AUTH_PORT is set). */
    faUrl,
    /** The admin API's URL ('' unless ADMIN_PORT is set). */
    adminUrl,
    sim,
    simUrl: simHttp.url,
    redis,
    metrics,
    logger,
    /** The redis-server child (not there with redisEnv). */
    redisChild: redisChild as RedisChild,
    logs,
    responses,
    /** Every code the simulator issued through login(), for leak scans. */
    codes,
    get: (path: string, headers?: Record<string, string>) => send('get', path, headers),
    post: (path: string, headers?: Record<string, string>) => send('post', path, headers),
    send,
    sendRaw: (
      method: 'post' | 'put' | 'patch',
      path: string,
      headers: Record<string, string>,
      body: string,
    ) => record(method, path, request(url)[method](path).set(headers).send(body).redirects(0)),
    sendJson: (path: string, cookie: string, body: unknown) =>
      record(
        'post',
        path,
        request(url)
          .post(path)
          .set({ Cookie: cookie, 'X-CSRF': '1' })
          .send(body as object),
      ),
    /** The full browser round trip: /login → simulator login page → /callback. */
    login: (investorId: string, o: { returnTo?: string; headers?: Record<string, string> } = {}) =>
      loginAs(send, simHttp.url, investorId, config, o).then((r) => {
        codes.push(r.code);
        return r;
      }),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      for (const side of [faServer, adminServer]) {
        if (!side) continue;
        side.closeAllConnections();
        await new Promise((r) => side.close(r));
      }
      await bus.close();
      redis.disconnect();
      await simHttp.close();
      if (redisChild && !opts.redis) await redisChild.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** The browser's login round trip against any BFF URL (`send` issues the requests to it). */
export async function loginAs(
  send: (m: 'get', p: string, h?: Record<string, string>) => Promise<Response>,
  simUrl: string,
  investorId: string,
  config: Config,
  o: { returnTo?: string; headers?: Record<string, string> },
) {
  const login = await send(
    'get',
    `/login${o.returnTo ? `?returnTo=${encodeURIComponent(o.returnTo)}` : ''}`,
    o.headers,
  );
  if (login.status !== 302)
    throw new Error(`/login answered ${login.status} (${String(login.headers.location ?? login.text)})`);
  const txCookie = cookieHeader(login.headers['set-cookie'], config.session.txCookieName)!;
  const { callbackPath, code } = await approveAt(simUrl, login.headers.location, investorId);
  const extraCookie = o.headers?.Cookie ? `; ${o.headers.Cookie}` : '';
  const callback = await send('get', callbackPath, { ...o.headers, Cookie: txCookie + extraCookie });
  const cookie = cookieHeader(callback.headers['set-cookie'], config.session.cookieName);
  return { login, callback, callbackPath, txCookie, cookie, code };
}

/**
 * What the simulator's login page does when the investor picks `investorId` and shares their
 * data: its answer's Location is where Securitize sends the browser back (path and query, as
 * composed by the simulator's callback style), and the code in it.
 */
export async function approveAt(simUrl: string, loginLocation: unknown, investorId: string) {
  const fragment = new URLSearchParams(String(loginLocation).split('#/authorize?')[1]);
  const approve = await request(simUrl)
    .post('/login/approve')
    .type('form')
    .send({
      issuerId: fragment.get('issuerId'),
      scope: fragment.get('scope'),
      redirecturl: fragment.get('redirecturl'),
      investorId,
      action: 'approve',
    })
    .redirects(0);
  if (approve.status !== 303)
    throw new Error(`simulator approve answered ${approve.status}: ${approve.text}`);
  const callbackUrl = new URL(String(approve.headers.location));
  const callbackPath = callbackUrl.pathname + callbackUrl.search;
  const code = parseCallbackUrl(callbackPath.slice(callbackPath.indexOf('/callback')))?.code ?? '';
  return { callbackPath, code };
}

/** The login state inside a /login answer's Location (the redirect URL ends in /callback/<state>). */
export function stateOf(location: unknown): string {
  const redirect = new URLSearchParams(String(location).split('#/authorize?')[1]).get('redirecturl') ?? '';
  return new URL(redirect).pathname.split('/callback/')[1] ?? '';
}

/** The Redis key of a browser's login transactions, from its transaction cookie's value. */
export const txKeyOf = (browserId: string) =>
  `txs:${createHash('sha256').update(browserId).digest('base64url')}`;

export const sidOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;

/** The stored session of a cookie, with its sealed tokens opened (null when it is gone). */
export async function storedSession(redis: Redis, cookie: string) {
  const sid = sidOf(cookie);
  const raw = await redis.get(`sess:${sid}`);
  const record = raw === null ? null : parseRecord(raw);
  if (!record) return null;
  const codec = createTokenCodec(parseEncryptionKeys(ENCRYPTION_KEYS).keys);
  const tokens = openTokens(record, sid, codec)!;
  return { ...record, ...tokens };
}

/** The environment for a real server process (src/main.ts) wired like a harness: same secrets, Redis and simulator. */
export const processEnv = (h: { simUrl: string }, redis: RedisChild, extra: Record<string, string> = {}) => ({
  NODE_ENV: 'test',
  PUBLIC_URL: 'http://bff.test',
  APP_URL: 'http://app.test',
  SECURITIZE_CLIENT_ID: CLIENT_ID,
  SECURITIZE_SECRET: SECRET,
  SECURITIZE_API_URL: h.simUrl,
  SECURITIZE_LOGIN_URL: h.simUrl,
  REDIS_URL: redis.url,
  SESSION_SECRET,
  TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
  ...extra,
});

/** A redis-server child and a harness on it, for a test that also starts the real process on that Redis. */
export async function startProcessHarness() {
  const redis = await startRedisServer();
  const h = await startHarness({ redis });
  return {
    redis,
    h,
    async close() {
      await h.close();
      await redis.close();
    },
  };
}
