/**
 * The audit trail's events: what happened, to whom (the investor id, where one is known) and to
 * which session (its handle: a hash, never the id, the same the investor sees in /api/sessions).
 * Never a token, a code, a cookie, an address or any investor detail: only ids and closed codes.
 */
interface Subject {
  investorId?: string;
  /** The session's handle (sessionHandle), never its id. */
  session?: string;
}

export type LogoutScope = 'this' | 'all' | 'others';
export type AdminOutcome = 'done' | 'not_found' | 'failed';

export type AuditEventInput = Subject &
  (
    | { type: 'login_succeeded' }
    | { type: 'login_failed'; reason: string }
    | { type: 'logout'; scope: LogoutScope }
    | { type: 'session_ended'; reason: string; actor?: string }
    | { type: 'access_denied'; rule: string; reason: string }
    | {
        type: 'admin_action';
        actor: string;
        action: string;
        reason?: string;
        outcome: AdminOutcome;
        /** How many sessions the action ended, when it ended some. */
        count?: number;
      }
    | { type: 'webhook_received'; eventType: string; outcome: string }
  );

/** An event as it is stored and logged: with its time and the instance that recorded it. */
export type AuditEvent = AuditEventInput & { at: string; instance: string };

export type AuditEventType = AuditEventInput['type'];

export const AUDIT_EVENT_TYPES: readonly AuditEventType[] = [
  'login_succeeded',
  'login_failed',
  'logout',
  'session_ended',
  'access_denied',
  'admin_action',
  'webhook_received',
];

/** The fields an event may carry, per type: anything else a caller passes is left out. */
const FIELDS: Record<AuditEventType, readonly string[]> = {
  login_succeeded: [],
  login_failed: ['reason'],
  logout: ['scope'],
  session_ended: ['reason', 'actor'],
  access_denied: ['rule', 'reason'],
  admin_action: ['actor', 'action', 'reason', 'outcome', 'count'],
  webhook_received: ['eventType', 'outcome'],
};

/** Short strings and numbers only: an event is a few codes, never a body or a header. */
const MAX_FIELD = 200;
const clean = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' ? v.slice(0, MAX_FIELD) : undefined;

/** The event as stored: the known fields of its type, in a fixed order, nothing else. */
export function shapeEvent(e: AuditEventInput, at: string, instance: string): AuditEvent {
  const out: Record<string, unknown> = { at, type: e.type };
  const fields = ['investorId', 'session', ...FIELDS[e.type]];
  const given = e as unknown as Record<string, unknown>;
  for (const f of fields) {
    const v = clean(given[f]);
    if (v !== undefined) out[f] = v;
  }
  out.instance = instance;
  return out as unknown as AuditEvent;
}
