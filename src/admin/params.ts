import { z } from 'zod';
import { AUDIT_EVENT_TYPES } from '../audit';
import { AppError } from '../errors';
import { INVESTOR_ID } from '../securitize';
import { AUDIT_ID } from '../store';

/** A session's handle, as /api/sessions and the audit trail show it. */
const HANDLE = /^[A-Za-z0-9_-]{16}$/;
export const MAX_AUDIT_LIMIT = 500;

/**
 * An operator's note: printable characters only (no control characters, no line or paragraph
 * separators that a log viewer would break a line at).
 */
const reason = z
  .string()
  .max(200, 'at most 200 characters')
  .regex(/^[^\p{C}\p{Zl}\p{Zp}]*$/u, 'printable characters only')
  .optional();

export const investorParam = z.string().regex(INVESTOR_ID, 'an investor id: 1 to 128 of A-Z a-z 0-9 _ -');
export const handleParam = z.string().regex(HANDLE, 'a session handle, as GET …/sessions lists them');
export const endQuery = z.strictObject({ reason });

export const auditQuery = z.strictObject({
  investorId: investorParam.optional(),
  type: z.enum(AUDIT_EVENT_TYPES as [string, ...string[]], { message: 'an audit event type' }).optional(),
  since: z.iso
    .datetime({ offset: true, message: 'an ISO 8601 time, such as 2026-01-31T12:00:00Z' })
    .optional(),
  before: z.string().regex(AUDIT_ID, 'the `next` of an earlier answer').optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `a whole number from 1 to ${MAX_AUDIT_LIMIT}`)
    .transform(Number)
    .pipe(z.number().int().min(1, 'at least 1').max(MAX_AUDIT_LIMIT, `at most ${MAX_AUDIT_LIMIT}`))
    .optional(),
});

/** Parses a value or answers 400 `invalid_request` naming each problem (never echoing the value). */
export function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) =>
    i.code === 'unrecognized_keys'
      ? `${where}: unknown parameter(s) ${i.keys.map((k) => k.slice(0, 40)).join(', ')}`
      : `${[where, ...i.path].join('.')}: ${i.message}`,
  );
  throw new AppError('invalid_request', { detail: { problems }, expose: { problems: problems.join('; ') } });
}
