import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { createAudit, createRefusals, AuditEventInput } from '../../src/audit';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { createAuditStore, createRedis } from '../../src/store';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { waitFor } from '../helpers/wait-for';
import { base } from '../helpers/config-env';

let child: RedisChild;
let redis: Redis;
let logs: string[];
beforeAll(async () => {
  child = await startRedisServer();
});
afterAll(() => child.close());
beforeEach(async () => {
  logs = [];
  await child.admin.flushall();
  redis = createRedis(loadConfig({ ...base, REDIS_URL: child.url }).redis, createLogger('silent')) as Redis;
});
afterEach(() => redis.disconnect());

function audit(maxEvents: number, o: { now?: () => number } = {}) {
  const metrics = createMetrics({ defaultMetrics: false });
  const logger = createLogger('info', { write: (l: string) => void logs.push(l) });
  const a = createAudit({
    store: createAuditStore(redis),
    logger,
    metrics,
    maxEvents,
    instance: 'bff-7d9f8c6b5-x2kqz/1',
    ...o,
  });
  const failures = async () =>
    Number(/bff_audit_write_failures_total (\d+)/.exec(await metrics.registry.metrics())?.[1] ?? 0);
  return { ...a, metrics, failures };
}

/** An event as an instance records them: a 24-hex investor, a 16-character handle. */
const sample = (i: number): AuditEventInput => {
  const investorId = (0x5f1a2b3c4d5e + (i % 5000)).toString(16).padStart(24, '0');
  const session = `h${String(i % 20000).padStart(15, 'x')}`;
  const kinds: AuditEventInput[] = [
    { type: 'login_succeeded', investorId, session },
    {
      type: 'access_denied',
      investorId,
      session: `${session}${i}`,
      rule: '/portfolio',
      reason: 'kyc_required:verified',
    },
    { type: 'logout', scope: 'this', investorId, session },
    { type: 'session_ended', reason: 'absolute_timeout', investorId, session },
    { type: 'login_failed', reason: 'login_failed' },
  ];
  return kinds[i % kinds.length]!;
};

const settle = (n: number) =>
  waitFor('the stream appends', 10_000, async () =>
    (await child.admin.xlen('audit:events')) >= n ? true : undefined,
  );

describe('the audit stream in Redis', () => {
  it('keeps about AUDIT_MAX_EVENTS entries (MAXLEN ~): never fewer, a little more', async () => {
    const a = audit(200);
    for (let i = 0; i < 2000; i++) a.record(sample(i));
    await waitFor('the last event', 10_000, async () => {
      const [last] = await child.admin.xrevrange('audit:events', '+', '-', 'COUNT', 1);
      return last && JSON.parse(last[1][1]!).session === (sample(1999) as { session: string }).session
        ? true
        : undefined;
    });
    const length = await child.admin.xlen('audit:events');
    expect(length).toBeGreaterThanOrEqual(200);
    expect(length).toBeLessThanOrEqual(400);
    expect(await a.failures()).toBe(0);
    expect(logs.filter((l) => l.includes('"audit":true'))).toHaveLength(2000 - 0);
  });

  it('with AUDIT_MAX_EVENTS=0 writes no stream, only the log lines', async () => {
    const a = audit(0);
    for (let i = 0; i < 10; i++) a.record(sample(i * 5));
    // A later event through a store that writes proves the first ten had their chance.
    audit(10).record(sample(1));
    await settle(1);
    expect(await child.admin.xlen('audit:events')).toBe(1);
    expect(logs.filter((l) => l.includes('"audit":true'))).toHaveLength(11);
  });

  it('a failing stream never throws into the caller: counted, and logged once a minute at most', async () => {
    await child.admin.set('audit:events', 'not a stream');
    let t = 1_000_000;
    const a = audit(100, { now: () => t });
    expect(() => a.record(sample(0))).not.toThrow();
    a.record(sample(5));
    await waitFor('two failures counted', 10_000, async () =>
      (await a.failures()) === 2 ? true : undefined,
    );
    const problems = () => logs.filter((l) => l.includes('"audit_stream_problem"'));
    expect(problems()).toHaveLength(1);
    t += 61_000;
    a.record(sample(10));
    await waitFor('three failures counted', 10_000, async () =>
      (await a.failures()) === 3 ? true : undefined,
    );
    expect(problems()).toHaveLength(2);
    // The events' log lines were written all the same.
    expect(logs.filter((l) => l.includes('"audit":true'))).toHaveLength(3);
  });

  it('with Redis gone, recording returns at once and the failure is counted', async () => {
    const a = audit(100);
    await child.kill();
    try {
      expect(() => a.record(sample(0))).not.toThrow();
      await waitFor('the failure counted', 10_000, async () =>
        (await a.failures()) === 1 ? true : undefined,
      );
      expect(logs.filter((l) => l.includes('"audit":true'))).toHaveLength(1);
    } finally {
      await child.restart();
    }
  });

  it('costs about the bytes per event docs/operations.md gives (MEMORY USAGE over 10,000 events)', async () => {
    const a = audit(100_000);
    for (let i = 0; i < 10_000; i++) a.record(sample(i));
    await settle(10_000);
    const bytes = Number(await child.admin.memory('USAGE', 'audit:events', 'SAMPLES', '0'));
    const perEvent = bytes / 10_000;
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
    const stated = Number(/about (\d+) bytes per event/.exec(doc)?.[1]);
    if (process.env.AUDIT_BYTES)
      console.log(`audit stream: ${bytes} bytes for 10000 events, ${perEvent.toFixed(1)} per event`);
    expect(stated).toBeGreaterThan(0);
    expect(Math.abs(perEvent - stated) / stated).toBeLessThan(0.2);
  });
});

describe('a query of the stream', () => {
  it('scans a bounded number of entries, and says where to continue', async () => {
    const store = createAuditStore(redis);
    // In batches: all at once would outlast REDIS_COMMAND_TIMEOUT_MS in the client's queue.
    for (let b = 0; b < 21; b++)
      await Promise.all(
        Array.from({ length: 1000 }, (_, i) => store.append({ type: 'logout', n: b * 1000 + i }, 100_000)),
      );
    await store.append({ type: 'login_succeeded', investorId: 'first' }, 100_000);
    const first = await store.query({ type: 'admin_action', limit: 10 });
    expect(first.entries).toEqual([]);
    expect(first.next).toMatch(/^\d+-\d+$/);
    const rest = await store.query({ type: 'admin_action', limit: 10, before: first.next });
    expect(rest).toEqual({ entries: [], next: undefined });
    const found = await store.query({ investorId: 'first', limit: 10 });
    expect(found.entries.map((e) => e.event)).toEqual([{ type: 'login_succeeded', investorId: 'first' }]);
    expect(found.next).toBeDefined();
  });
});

describe('refusals', () => {
  it('are counted each, logged once per 10 s per kind, and never recorded as events', async () => {
    let t = 0;
    const metrics = createMetrics({ defaultMetrics: false });
    const logger = createLogger('info', { write: (l: string) => void logs.push(l) });
    const r = createRefusals({ logger, metrics, now: () => t });
    for (let i = 0; i < 50; i++) r.refused('admin_token', { reason: 'not_accepted' });
    r.refused('webhook_token');
    t += 10_000;
    r.refused('admin_token');
    const text = await metrics.registry.metrics();
    expect(text).toContain('bff_refused_total{kind="admin_token"} 51');
    expect(text).toContain('bff_refused_total{kind="webhook_token"} 1');
    const lines = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.kind, l.refusedSinceLastLine])).toEqual([
      ['admin_token', 0],
      ['webhook_token', 0],
      ['admin_token', 49],
    ]);
    expect(await child.admin.exists('audit:events')).toBe(0);
  });
});
