import Redis from 'ioredis';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { Bus, BusMessage, createBus, createRedis } from '../../src/store';
import { CLIENT_ID, ENCRYPTION_KEYS, SECRET, SESSION_SECRET } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { waitFor } from '../helpers/wait-for';

/**
 * The instances' bus over Redis pub/sub: a message reaches the other instances and not its sender,
 * one that is not well formed reaches nobody, and a subscriber whose connection was cut hears the
 * next message once it is back.
 */
let child: RedisChild;
const clients: Redis[] = [];
const buses: Bus[] = [];
beforeAll(async () => {
  child = await startRedisServer();
});
afterAll(async () => {
  for (const b of buses) await b.close();
  for (const c of clients) c.disconnect();
  await child.close();
});

function instance() {
  const config = loadConfig({
    NODE_ENV: 'test',
    SECURITIZE_CLIENT_ID: CLIENT_ID,
    SECURITIZE_SECRET: SECRET,
    REDIS_URL: child.url,
    SESSION_SECRET,
    TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
  });
  const redis = createRedis(config.redis, createLogger('silent')) as Redis;
  const bus = createBus(redis);
  clients.push(redis);
  buses.push(bus);
  const heard: BusMessage[] = [];
  bus.subscribe((m) => heard.push(m));
  return { redis, bus, heard };
}

const subscribed = (redis: Redis, n: number) =>
  waitFor('subscribers', 5000, async () => {
    const [, count] = (await redis.pubsub('NUMSUB', 'bff:freshness')) as [string, number];
    return Number(count) >= n ? true : undefined;
  });

test('a drop reaches the others, not the sender; garbage reaches no one; a cut subscriber hears again', async () => {
  const one = instance();
  const two = instance();
  await subscribed(one.redis, 2);
  await one.bus.publish('c1c2c3c4c5c6c7c8c9c0d1d2');
  await waitFor('two hears it', 5000, async () => (two.heard.length === 1 ? true : undefined));
  expect(two.heard).toEqual([{ investorId: 'c1c2c3c4c5c6c7c8c9c0d1d2', from: one.bus.instanceId }]);
  expect(one.heard).toEqual([]);
  for (const junk of ['not json', '{"investorId":"../x","from":"y"}', '{"investorId":5}'])
    await one.redis.publish('bff:freshness', junk);
  // Cut every subscriber's connection: ioredis reconnects and subscribes again.
  await one.redis.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
  await subscribed(one.redis, 2);
  await one.bus.publish('c1c2c3c4c5c6c7c8c9c0d1d3');
  await waitFor('two hears the second', 5000, async () => (two.heard.length === 2 ? true : undefined));
  expect(two.heard.map((m) => m.investorId)).toEqual([
    'c1c2c3c4c5c6c7c8c9c0d1d2',
    'c1c2c3c4c5c6c7c8c9c0d1d3',
  ]);
});

test('investor ids as long as the product takes them (128) reach the others; longer ones do not', async () => {
  const one = instance();
  const two = instance();
  await subscribed(one.redis, 4);
  const long = 'a'.repeat(128);
  await one.redis.publish('bff:freshness', JSON.stringify({ investorId: 'a'.repeat(129), from: 'x' }));
  await one.bus.publish(long);
  await waitFor('two hears it', 5000, async () => (two.heard.length === 1 ? true : undefined));
  expect(two.heard.map((m) => m.investorId)).toEqual([long]);
});
