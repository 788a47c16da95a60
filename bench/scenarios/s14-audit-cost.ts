import type Redis from 'ioredis';
import { AUDIT_KEY } from '../../src/store/keys';
import { CALLBACK_CONNECTIONS, callbackLoad, loginsFor, productLogin } from '../lib/callback-load';
import type { Ctx } from '../lib/context';
import { fmt, progress } from '../lib/progress';
import type { ServerChild } from '../lib/processes';
import { memoryUsage } from '../lib/redis';
import { clearSimCalls } from '../lib/sim';
import type { AuditCostResult } from '../lib/types';
import { addedCpu, compareRounds } from './compare';

/** AUDIT_MAX_EVENTS's default (src/config/schema.ts), set explicitly on the side with the stream on. */
const MAX_EVENTS = 100_000;
/** Newest entries read back to give an entry's JSON size and the event types. */
const SAMPLE = 200;

/** Entries ever added to the stream (XINFO STREAM's entries-added, Redis 7); 0 while it does not exist. */
async function entriesAdded(redis: Redis): Promise<number> {
  if ((await redis.exists(AUDIT_KEY)) === 0) return 0;
  const info = (await redis.xinfo('STREAM', AUDIT_KEY)) as unknown[];
  const i = info.indexOf('entries-added');
  return i >= 0 ? Number(info[i + 1]) : await redis.xlen(AUDIT_KEY);
}

async function streamNow(redis: Redis): Promise<AuditCostResult['stream']> {
  const entries = await redis.xlen(AUDIT_KEY);
  const bytes = entries > 0 ? await memoryUsage(redis, AUDIT_KEY) : 0;
  const newest = (await redis.xrevrange(AUDIT_KEY, '+', '-', 'COUNT', SAMPLE)) as Array<[string, string[]]>;
  const types: Record<string, number> = {};
  let json = 0;
  for (const [, fields] of newest) {
    const e = fields[fields.indexOf('e') + 1] ?? '';
    json += Buffer.byteLength(e);
    const type = String((JSON.parse(e || '{}') as { type?: unknown }).type ?? '?');
    types[type] = (types[type] ?? 0) + 1;
  }
  return {
    key: AUDIT_KEY,
    entries,
    bytes,
    bytesPerEvent: entries > 0 ? bytes / entries : NaN,
    sampled: newest.length,
    jsonBytesPerEvent: newest.length > 0 ? json / newest.length : NaN,
    types,
  };
}

/**
 * Scenario 14: what the audit trail costs a login. Full logins (GET /callback, as S3) on an instance
 * with the audit stream on (AUDIT_MAX_EVENTS=100000) against one with AUDIT_MAX_EVENTS=0 (log lines
 * only), both started for this scenario, in interleaved rounds. The stream's growth is read around
 * every load, so a side that wrote where it should not (or did not write) shows; at the end, the
 * stream's bytes per event.
 */
export async function scenarioAuditCost(ctx: Ctx): Promise<AuditCostResult> {
  const { stack, opts } = ctx;
  const redis = stack.redis.admin;
  const starts = await Promise.allSettled([
    stack.startProduct('product-audit-on', [], { AUDIT_MAX_EVENTS: String(MAX_EVENTS) }),
    stack.startProduct('product-audit-off', [], { AUDIT_MAX_EVENTS: '0' }),
  ]);
  try {
    for (const s of starts) if (s.status === 'rejected') throw s.reason;
    const [on, off] = starts.map((s) => (s as PromiseFulfilledResult<ServerChild>).value) as [
      ServerChild,
      ServerChild,
    ];
    const events = { on: 0, off: 0, onLogins: 0, offLogins: 0, perLogin: NaN };
    let current: { side: 'on' | 'off'; before: number } | undefined;
    const side = async (s: 'on' | 'off', round: number) => {
      const server = s === 'on' ? on : off;
      const load = await callbackLoad(
        stack,
        server,
        loginsFor(opts.sizes.auditLogins, round),
        productLogin(server.url),
        () => void (s === 'on' ? events.onLogins++ : events.offLogins++),
      );
      // Read after the untimed preparation, so the count is of the load's own events.
      current = { side: s, before: await entriesAdded(redis) };
      return load;
    };
    const result = await compareRounds({
      id: 'S14',
      title: 'GET /callback with the audit stream on vs off',
      productLabel: `product GET /callback, AUDIT_MAX_EVENTS=${MAX_EVENTS}`,
      baselineLabel: 'the same with AUDIT_MAX_EVENTS=0 (log lines only)',
      targetRatio: 0.9,
      rounds: opts.rounds,
      connections: CALLBACK_CONNECTIONS,
      problems: ctx.problems,
      after: async () => {
        if (current) events[current.side] += (await entriesAdded(redis)) - current.before;
        current = undefined;
        await clearSimCalls(stack.sim.url);
      },
      product: (round) => side('on', round),
      baseline: (round) => side('off', round),
    });
    events.perLogin = events.on / Math.max(1, events.onLogins);
    const stream = await streamNow(redis);
    const added = addedCpu(result);
    progress(
      `S14 stream: ${fmt.int(events.on)} entries added for ${fmt.int(events.onLogins)} logins with it on, ` +
        `${fmt.int(events.off)} for ${fmt.int(events.offLogins)} with it off; ${fmt.int(stream.entries)} held, ` +
        `${fmt.int(stream.bytes)} bytes, ${fmt.int(stream.bytesPerEvent)} bytes an event ` +
        `(JSON ${fmt.int(stream.jsonBytesPerEvent)}); the stream adds ${fmt.int(added.server ?? NaN)} µs ` +
        `in the BFF and ${fmt.int(added.redis ?? NaN)} µs in Redis per login`,
    );
    if (events.off > 0)
      ctx.problems.push(
        `S14: the instance with AUDIT_MAX_EVENTS=0 added ${events.off} entries to the stream`,
      );
    if (events.onLogins > 0 && events.on < events.onLogins)
      ctx.problems.push(
        `S14: the instance with the stream on added ${events.on} entries for ${events.onLogins} logins`,
      );
    result.notes.push(
      'Both sides are the product built from dist/, started for this scenario on the same Redis and simulator; ' +
        `only AUDIT_MAX_EVENTS differs (${MAX_EVENTS}, the default, against 0). Each login writes its ` +
        '`login_succeeded` event as a JSON log line on both sides (stdout to /dev/null); the side with the stream ' +
        'on also appends it to the capped stream (`XADD … MAXLEN ~`), without the request waiting for it.',
      `A fixed ${fmt.int(opts.sizes.auditLogins)} logins per run, prepared untimed as in S3. The stream's growth is ` +
        'read (XINFO STREAM entries-added) before and after every load; bytes per event are MEMORY USAGE of the ' +
        'stream (SAMPLES 0) ÷ XLEN at the end, over every entry of the run (earlier scenarios’ logins too).',
    );
    return { ...result, maxEvents: MAX_EVENTS, addedCpuUsPerReq: added, events, stream };
  } finally {
    await Promise.allSettled(starts.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
  }
}
