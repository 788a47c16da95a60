import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import { investorHandle } from '../session';
import { AuditQuery, AuditStore, createBoundedMap } from '../store';
import { AuditEvent, AuditEventInput, shapeEvent } from './events';

export interface AuditDeps {
  store: Pick<AuditStore, 'append' | 'query'>;
  logger: Pick<Logger, 'info' | 'warn'>;
  metrics: Pick<Metrics, 'auditWriteFailure'>;
  /** AUDIT_MAX_EVENTS: the stream's cap; 0 writes log lines only. */
  maxEvents: number;
  /** Who records: `${hostname()}/${pid}` unless given. */
  instance?: string;
  now?: () => number;
}

/**
 * A looping client's refusals are one event a minute per session, rule and reason; webhook
 * deliveries one a minute per investor (or, unmapped, none named), event type and outcome: the
 * rest are counted by their metrics (bff_webhooks_total counts every delivery), so a holder of the
 * webhook token cannot push other evidence out of the capped stream.
 */
const DENIAL_WINDOW_MS = 60_000;
const PROBLEM_LOG_EVERY_MS = 60_000;
const REMEMBERED_DENIALS = 10_000;

/**
 * The audit trail: each event is one JSON log line marked `audit: true` (written at once, so a
 * shipper sees it even when Redis is down) and one entry of the capped Redis stream every
 * instance shares (appended without the request waiting; a failure is counted and logged at most
 * once a minute, never thrown). Log lines name the investor by the hash every other line uses;
 * the stream, which the admin API reads, holds the investor id itself.
 */
export function createAudit(deps: AuditDeps) {
  const now = deps.now ?? Date.now;
  const instance = deps.instance ?? `${hostname()}/${process.pid}`;
  const denials = createBoundedMap<string, number>(REMEMBERED_DENIALS);
  let lastProblemAt = -Infinity;

  const collapseKey = (e: AuditEventInput) => {
    if (e.type === 'access_denied') return `d\n${e.session ?? e.investorId ?? '-'}\n${e.rule}\n${e.reason}`;
    if (e.type === 'webhook_received') return `w\n${e.investorId ?? '-'}\n${e.eventType}\n${e.outcome}`;
    return undefined;
  };

  const repeated = (e: AuditEventInput, t: number) => {
    const key = collapseKey(e);
    if (key === undefined) return false;
    const seen = denials.get(key);
    if (seen !== undefined && t - seen < DENIAL_WINDOW_MS) return true;
    denials.set(key, t);
    return false;
  };

  function streamFailed(err: unknown): void {
    deps.metrics.auditWriteFailure();
    const t = now();
    if (t - lastProblemAt < PROBLEM_LOG_EVERY_MS) return;
    lastProblemAt = t;
    const e = err as { code?: string; detail?: { storeError?: string } };
    deps.logger.warn(
      { event: 'audit_stream_problem', code: e?.code, storeError: e?.detail?.storeError },
      'audit: an event could not be added to the Redis stream (its log line was written; one line a minute at most, bff_audit_write_failures_total counts each)',
    );
  }

  return {
    /** Records one event; never throws and never waits for Redis. */
    record(input: AuditEventInput): void {
      const t = now();
      if (repeated(input, t)) return;
      const event = shapeEvent(input, new Date(t).toISOString(), instance);
      const { investorId, ...rest } = event;
      deps.logger.info(
        { audit: true, ...rest, ...(investorId !== undefined && { investor: investorHandle(investorId) }) },
        `audit: ${event.type}`,
      );
      if (deps.maxEvents > 0) deps.store.append(event, deps.maxEvents).catch(streamFailed);
    },
    /** The stream's events, newest first, and where to continue when there are more. */
    async query(q: AuditQuery): Promise<{ events: AuditEvent[]; next: string | undefined }> {
      const page = await deps.store.query(q);
      return { events: page.entries.map((e) => e.event as unknown as AuditEvent), next: page.next };
    },
  };
}

export type Audit = ReturnType<typeof createAudit>;
/** What features need of the audit trail: recording (tests and library hosts may pass their own). */
export type AuditRecorder = Pick<Audit, 'record'>;
