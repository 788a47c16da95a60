/** The audit trail (a capped Redis stream and `audit: true` log lines) and the count of refusals. */
export { createAudit } from './create-audit';
export type { Audit, AuditDeps, AuditRecorder } from './create-audit';
export { AUDIT_EVENT_TYPES } from './events';
export type { AdminOutcome, AuditEvent, AuditEventInput, AuditEventType, LogoutScope } from './events';
export { createRefusals } from './refusals';
export type { RefusalKind, Refusals } from './refusals';
export type { AuditQuery } from '../store';
