import type { RedisClient } from './client';
import { guarded } from './errors';
import { AUDIT_KEY } from './keys';

/** What a query of the audit trail filters on; every filter is optional but the limit. */
export interface AuditQuery {
  investorId?: string;
  type?: string;
  /** Only entries at or after this time (epoch milliseconds). */
  sinceMs?: number;
  /** Continue below this entry id (the `next` of an earlier answer). */
  before?: string;
  limit: number;
}

export interface AuditPage {
  /** The matching entries' JSON, newest first, each with its stream id. */
  entries: Array<{ id: string; event: Record<string, unknown> }>;
  /** Where to continue when the scan stopped before the stream's start (else undefined). */
  next: string | undefined;
}

/** Entries read per XREVRANGE, and at most this many scanned for one query (a bounded cost). */
const PAGE = 500;
export const MAX_SCANNED = 20_000;
export const AUDIT_ID = /^\d{1,15}-\d{1,10}$/;

type Entry = [id: string, fields: string[]];

function parseEntry([id, fields]: Entry): { id: string; event: Record<string, unknown> } | null {
  const i = fields.indexOf('e');
  try {
    const event = JSON.parse(fields[i + 1] ?? '') as unknown;
    return i >= 0 && event && typeof event === 'object'
      ? { id, event: event as Record<string, unknown> }
      : null;
  } catch {
    return null;
  }
}

/**
 * The audit trail in Redis: a stream capped at about `maxEvents` entries (`MAXLEN ~` trims whole
 * macro nodes, so it holds a little more, never fewer), one JSON field `e` an entry. Every
 * instance appends to the same key; a query reads newest first, page by page.
 */
export function createAuditStore(redis: RedisClient) {
  return {
    append: guarded('audit_append', async (event: object, maxEvents: number) => {
      await redis.xadd(AUDIT_KEY, 'MAXLEN', '~', String(maxEvents), '*', 'e', JSON.stringify(event));
    }),
    query: guarded('audit_query', async (q: AuditQuery): Promise<AuditPage> => {
      const entries: AuditPage['entries'] = [];
      // A time before 1970 is the stream's start; nothing comes before the first possible id.
      const start = q.sinceMs === undefined || q.sinceMs <= 0 ? '-' : `${q.sinceMs}-0`;
      if (q.before === '0-0') return { entries, next: undefined };
      let end = q.before === undefined ? '+' : `(${q.before}`;
      let scanned = 0;
      for (;;) {
        const page = (await redis.xrevrange(AUDIT_KEY, end, start, 'COUNT', PAGE)) as Entry[];
        for (const raw of page) {
          scanned += 1;
          const e = parseEntry(raw);
          if (!e) continue;
          if (q.type !== undefined && e.event.type !== q.type) continue;
          if (q.investorId !== undefined && e.event.investorId !== q.investorId) continue;
          entries.push(e);
          if (entries.length >= q.limit) return { entries, next: raw[0] };
        }
        const last = page[page.length - 1];
        if (page.length < PAGE || !last) return { entries, next: undefined };
        end = `(${last[0]}`;
        if (scanned >= MAX_SCANNED) return { entries, next: last[0] };
      }
    }),
    /** Bytes the stream takes in Redis (MEMORY USAGE with every node sampled), for the docs' figure. */
    bytes: guarded('audit_bytes', async () => Number(await redis.memory('USAGE', AUDIT_KEY, 'SAMPLES', '0'))),
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
