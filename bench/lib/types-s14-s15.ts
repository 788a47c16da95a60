import type { CompareResult } from './types';

/** Result types of S14 (the audit trail's cost on a login) and S15 (a webhook's reach). */

/**
 * S14: full logins (GET /callback) on an instance with the audit stream on (AUDIT_MAX_EVENTS at its
 * default, the "product" side) against one with AUDIT_MAX_EVENTS=0 (log lines only, "baseline").
 */
export interface AuditCostResult extends CompareResult {
  /** AUDIT_MAX_EVENTS of the side with the stream on. */
  maxEvents: number;
  /** Median over the rounds of (on − off), CPU µs per login, per process. */
  addedCpuUsPerReq: Record<string, number>;
  /** Entries the stream took during each side's loads (XINFO STREAM entries-added), warm-ups included. */
  events: { on: number; off: number; onLogins: number; offLogins: number; perLogin: number };
  /** The stream at the end of the scenario. */
  stream: {
    key: string;
    /** XLEN: entries held (every instance of the run wrote to it, earlier scenarios' logins too). */
    entries: number;
    /** MEMORY USAGE with every node counted (SAMPLES 0). */
    bytes: number;
    bytesPerEvent: number;
    /** Mean length of an entry's JSON (the `e` field) over the newest entries read back, and their types. */
    sampled: number;
    jsonBytesPerEvent: number;
    types: Record<string, number>;
  };
}

/** One timed KYC change of S15: sent at t0, answered by instance 1, seen changed on the others. */
export interface WebhookReachRepetition {
  repetition: number;
  /** The status the simulator was given, and the decision the others should then give. */
  status: string;
  expected: 'allowed' | 'denied';
  /** From the control call (the simulator sends the delivery) until instance 1 answered it. */
  answeredMs: number;
  /** What instance 1 answered the delivery (200 expected), as the simulator recorded it. */
  deliveryStatus: string;
  /** Per instance (by name): ms from t0 to the first response with the new decision; null: not within the limit. */
  reachMs: Record<string, number | null>;
  /** Per instance: decisions asked during the repetition. */
  polls: Record<string, number>;
  /** Per instance: the longest time between two answers (one slow decision shows here). */
  slowestGapMs?: Record<string, number>;
}

export interface WebhookReachResult {
  investor: string;
  instances: number;
  /** The instances polled (not the one the delivery went to). */
  polled: string[];
  /** Untimed first change and back: the Domain API mapping is cached after it. */
  warmUp: WebhookReachRepetition[];
  repetitions: WebhookReachRepetition[];
  /** Per polled instance and over both directions: median and max of reachMs, ms between polls. */
  byInstance: Record<string, { medianMs: number; maxMs: number; missed: number; pollGapMs: number }>;
  answered: { medianMs: number; maxMs: number };
  /** Give-up limit of one repetition, ms. */
  limitMs: number;
  notes: string[];
}
