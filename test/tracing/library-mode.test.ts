import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import {
  Config,
  createBff,
  createLogger,
  createRedis,
  createSecuritizeClient,
  loadConfig,
  requireInvestor,
} from '../../src';
import { createSimulator, SEEDED } from '../../src/simulator';
import { CLIENT_ID, loginAs, processEnv, SECRET } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

/**
 * Library mode with the host's own OpenTelemetry: the host passes its tracer to createBff and to
 * the Securitize client, and the BFF's spans join the host's requests (the BFF starts no SDK and
 * adds no server span of its own).
 */
const memory = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
provider.register();
const tracer = provider.getTracer('host');
const sim = createSimulator({
  clients: [{ clientId: CLIENT_ID, secret: SECRET, redirectUrls: ['http://shop.test/*'] }],
});
let redisChild: RedisChild;
let config: Config;
let simUrl: string;
let server: Server;
let url: string;
let closeAll: () => Promise<void>;

beforeAll(async () => {
  redisChild = await startRedisServer();
  const s = await sim.listen(0);
  simUrl = s.url;
  config = loadConfig(
    processEnv({ simUrl: s.url }, redisChild, {
      PUBLIC_URL: 'http://shop.test',
      APP_URL: 'http://shop.test',
      LOG_LEVEL: 'silent',
    }),
  );
  const logger = createLogger(config.logLevel);
  const redis = createRedis(config.redis, logger);
  const securitize = createSecuritizeClient({ ...config.securitize, tracer });
  const app = express();
  // The host's own request spans (its server instrumentation would make these).
  app.use((req, res, next) =>
    tracer.startActiveSpan(`host ${req.method} ${req.path}`, (span) => {
      res.once('close', () => span.end());
      next();
    }),
  );
  const bff = createBff({ config, redis, logger, securitize, tracer }, { notFound: false });
  app.use(bff.router);
  app.get('/kyc-status', bff.readSession, requireInvestor, async (req, res) => {
    const investor = await bff.withAccessToken(req, (token) => securitize.getInvestor(token));
    res.json({ verified: investor.verified });
  });
  server = await new Promise((r) => {
    const srv = app.listen(0, '127.0.0.1', () => r(srv));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeAll = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    redis.disconnect();
    await s.close();
    await redisChild.close();
    await provider.shutdown();
  };
});
afterAll(() => closeAll());

it("the host's tracer gets the Securitize calls, the refresh and the host route's own call, inside the host's request spans", async () => {
  const send = (m: 'get', p: string, h: Record<string, string> = {}) =>
    request(url)[m](p).set(h).redirects(0);
  const { cookie } = await loginAs(send, simUrl, SEEDED.verified, config, {});
  memory.reset();
  sim.control.expireAccessTokens();
  expect((await request(url).get('/kyc-status').set('Cookie', cookie!)).body).toEqual({ verified: true });
  const spans = memory.getFinishedSpans();
  const root = spans.find((s) => s.name === 'host GET /kyc-status')!;
  const childOf = (name: string) =>
    spans.filter((s) => s.name === name).map((s) => s.parentSpanContext?.spanId);
  expect(childOf('securitize investor')).toEqual([root.spanContext().spanId, root.spanContext().spanId]);
  expect(childOf('refresh')).toEqual([root.spanContext().spanId]);
  const refresh = spans.find((s) => s.name === 'refresh')!;
  expect(childOf('securitize refresh')).toEqual([refresh.spanContext().spanId]);
  expect(spans.every((s) => s.spanContext().traceId === root.spanContext().traceId)).toBe(true);
  expect(spans.map((s) => s.name)).not.toContain('GET /kyc-status');
});
