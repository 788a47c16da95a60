import { STATUS_CODES } from 'node:http';

/**
 * Shapes, never values: what the login probe records of Securitize's answers. Key names, types,
 * lengths and the values of a few enumerations (statuses, types) — nothing that could be a token,
 * a code, an id or a person's data.
 */
export type Shape = string | { [key: string]: Shape } | Shape[];

/** Keys whose values are vocabularies, not data: their values are recorded when they look like words. */
const ENUM_KEYS = new Set([
  'status',
  'verificationStatus',
  'investorType',
  'docType',
  'docCategory',
  'side',
  'fileType',
  'signerType',
  'entityType',
  'language',
  'error',
  'message',
]);
const WORD = /^[A-Za-z][A-Za-z _.,'-]{0,79}$/;
/**
 * Error texts could name a person, so they pass only in shapes that cannot: `error` as an HTTP
 * reason phrase, `message` as lower-case words after an optional capital ("Failed to authorize").
 */
const REASONS = new Set(Object.values(STATUS_CODES));
const PASSES: Record<string, (v: string) => boolean> = {
  error: (v) => REASONS.has(v),
  message: (v) => /^[A-Za-z][a-z]*( [a-z]+){0,11}\.?$/.test(v),
};

/** Collected while shaping: key → the distinct enumeration values seen. */
export type Enumerations = Record<string, string[]>;

export function shapeOf(value: unknown, enums?: Enumerations, key?: string, depth = 0): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    // The union of the items' keys: one item may lack a field another has.
    const shapes = value.slice(0, 50).map((v) => shapeOf(v, enums, key, depth + 1));
    const objects = shapes.every((v) => typeof v === 'object' && !Array.isArray(v));
    const merged: Shape = objects ? Object.assign({}, ...shapes) : shapes[0]!;
    return [merged, `${value.length} item(s)`];
  }
  if (typeof value === 'object') {
    if (depth > 6) return 'object';
    const out: Record<string, Shape> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = shapeOf(v, enums, k, depth + 1);
    return out;
  }
  if (
    typeof value === 'string' &&
    key &&
    ENUM_KEYS.has(key) &&
    WORD.test(value) &&
    (PASSES[key]?.(value) ?? true)
  ) {
    if (enums) enums[key] = [...new Set([...(enums[key] ?? []), value])].sort();
    return `string "${value}"`;
  }
  if (typeof value === 'number' && key && ENUM_KEYS.has(key)) return `number ${value}`;
  return typeof value;
}

export interface ValueForm {
  format: 'JWT' | 'UUID' | 'hex' | 'base64url' | 'opaque' | 'absent';
  length: number;
}

export function formOf(value: unknown): ValueForm {
  if (typeof value !== 'string') return { format: 'absent', length: 0 };
  const format = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)
    ? 'JWT'
    : /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
      ? 'UUID'
      : /^[0-9a-f]+$/i.test(value)
        ? 'hex'
        : /^[A-Za-z0-9_-]+$/.test(value)
          ? 'base64url'
          : 'opaque';
  return { format, length: value.length };
}

export interface TokenShape extends ValueForm {
  /** For a JWT: the header's alg and typ, the payload's claim names, and exp − iat. */
  jwt?: { alg?: string; typ?: string; claims: string[]; lifetimeSeconds?: number; expMs?: number };
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function tokenShape(token: unknown): TokenShape {
  const form: TokenShape = formOf(token);
  if (form.format !== 'JWT') return form;
  const [h, p] = (token as string).split('.');
  const header = decodePart(h);
  const payload = decodePart(p);
  if (!header || !payload) return { ...form, format: 'opaque' };
  const word = (v: unknown) => (typeof v === 'string' && /^[A-Za-z0-9]{1,16}$/.test(v) ? v : undefined);
  const { exp, iat } = payload;
  form.jwt = {
    alg: word(header.alg),
    typ: word(header.typ),
    claims: Object.keys(payload).sort(),
    lifetimeSeconds: typeof exp === 'number' && typeof iat === 'number' ? exp - iat : undefined,
    expMs: typeof exp === 'number' ? exp * 1000 : undefined,
  };
  return form;
}

export interface ExpirationForm {
  form: string;
  /** Seconds from the answer to the time it names (rounded); undefined when it names no time. */
  inSeconds?: number;
}

/** The form of `expiration`: ISO-8601, epoch seconds or milliseconds (number or text), or a duration. */
export function expirationForm(value: unknown, nowMs: number): ExpirationForm {
  const at = (ms: number, form: string) => ({ form, inSeconds: Math.round((ms - nowMs) / 1000) });
  if (value === undefined) return { form: 'absent' };
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{1,16}(\.\d+)?$/.test(value))) {
    const n = Number(value);
    const kind = typeof value === 'number' ? 'number' : 'string of digits';
    if (n >= 1e11) return at(n, `epoch milliseconds (${kind})`);
    if (n >= 1e9) return at(n * 1000, `epoch seconds (${kind})`);
    return { form: `a duration in seconds? (${kind}, below any epoch time)`, inSeconds: n };
  }
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return { form: `string, not a date (${value.length} chars)` };
    const zone = /Z$/.test(value) ? 'UTC, Z' : /[+-]\d\d:?\d\d$/.test(value) ? 'with offset' : 'no zone';
    return at(ms, `ISO-8601 (${zone}${/\.\d+/.test(value) ? ', fractional seconds' : ''})`);
  }
  return { form: typeof value };
}

/** Seconds as a human span: "7 days", "15 minutes". */
export function span(seconds: number | undefined): string {
  if (seconds === undefined) return 'unknown';
  const a = Math.abs(seconds);
  const [n, unit] =
    a >= 86400 * 2
      ? [a / 86400, 'days']
      : a >= 7200
        ? [a / 3600, 'hours']
        : a >= 120
          ? [a / 60, 'minutes']
          : [a, 'seconds'];
  return `${seconds < 0 ? '-' : ''}${Math.round(n * 10) / 10} ${unit}`;
}
