import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisClient } from './client';
import { FRESHNESS_CHANNEL } from './keys';

/** The product's investor-id rule (src/securitize's INVESTOR_ID; the store imports no other room). */
const INVESTOR_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** What one instance tells the others: drop what you hold about this investor. */
export interface BusMessage {
  investorId: string;
  /** The sending instance (each ignores its own: it acted before sending). */
  from: string;
}

export interface Bus {
  /** This process's id on the bus (random at start). */
  readonly instanceId: string;
  /** Tells every other instance; resolves once Redis took it (how many listened is not known). */
  publish(investorId: string): Promise<void>;
  /** Called for each message from another instance. */
  subscribe(handler: (message: BusMessage) => void): void;
  close(): Promise<void>;
}

function parse(text: string): BusMessage | null {
  try {
    const m = JSON.parse(text) as Partial<BusMessage>;
    return typeof m.investorId === 'string' && INVESTOR_ID.test(m.investorId) && typeof m.from === 'string'
      ? { investorId: m.investorId, from: m.from }
      : null;
  } catch {
    return null;
  }
}

/**
 * The instances' bus: Redis pub/sub on a connection of its own (a subscribed connection can send
 * nothing else), a duplicate of the store's client, so it reaches the same single Redis, follows
 * the same Sentinel failovers, or joins the same Cluster (where PUBLISH reaches every node's
 * subscribers and ioredis moves the subscription when its node goes). It subscribes again each
 * time the connection is ready, so a reconnect or failover does not leave it deaf. Messages that
 * are not ours, or not well formed, are ignored.
 */
export function createBus(redis: RedisClient, logger?: Logger): Bus {
  const instanceId = randomUUID();
  const sub: RedisClient = redis instanceof Cluster ? redis.duplicate() : redis.duplicate();
  const handlers: Array<(m: BusMessage) => void> = [];
  let closed = false;
  const listen = () => {
    if (closed) return;
    sub.subscribe(FRESHNESS_CHANNEL).catch((err: Error) => {
      // The next 'ready' tries again.
      logger?.warn({ event: 'bus_subscribe_failed', err: { name: err.name, message: err.message } }, 'bus');
    });
  };
  sub.on('error', () => undefined);
  sub.on('ready', listen);
  if (sub.status === 'ready') listen();
  sub.on('message', (channel: string, text: string) => {
    if (channel !== FRESHNESS_CHANNEL) return;
    const m = parse(text);
    if (!m || m.from === instanceId) return;
    for (const h of handlers) h(m);
  });
  return {
    instanceId,
    async publish(investorId) {
      await redis.publish(FRESHNESS_CHANNEL, JSON.stringify({ investorId, from: instanceId }));
    },
    subscribe: (handler) => void handlers.push(handler),
    // Disconnected, not QUIT: a subscriber has nothing to flush, and with Sentinel a QUIT leaves the
    // duplicate's failover watch on the sentinels open.
    async close() {
      closed = true;
      sub.disconnect();
    },
  };
}

/** The bus of a single instance (no Redis bus given): nobody else to tell. */
export function createLocalBus(): Bus {
  return {
    instanceId: randomUUID(),
    publish: async () => undefined,
    subscribe: () => undefined,
    close: async () => undefined,
  };
}
