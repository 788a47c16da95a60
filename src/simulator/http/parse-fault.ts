import type { Fault } from '../types';

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, max: number): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

const isStringMap = (v: unknown): boolean =>
  isObject(v) && Object.values(v).every((h) => typeof h === 'string');

/** Validates a Fault arriving as JSON; the path can only be an exact string here. */
export function parseFault(body: unknown): Fault | string {
  if (!isObject(body)) return 'fault must be an object';
  const match = body.match ?? {};
  if (!isObject(match)) return 'match must be an object';
  if (match.method !== undefined && typeof match.method !== 'string') return 'match.method must be a string';
  if (match.path !== undefined && typeof match.path !== 'string') return 'match.path must be a string';
  if (body.times !== undefined && !isCount(body.times, 1_000_000)) {
    return 'times must be a non-negative integer';
  }
  switch (body.kind) {
    case 'status':
      if (!isCount(body.status, 599) || (body.status as number) < 100) return 'status must be 100..599';
      if (body.headers !== undefined && !isStringMap(body.headers))
        return 'headers must map names to strings';
      break;
    case 'delay':
      if (!isCount(body.ms, 600_000)) return 'ms must be 0..600000';
      break;
    case 'trickle':
      if (!isCount(body.totalMs, 600_000)) return 'totalMs must be 0..600000';
      break;
    case 'huge':
      if (!isCount(body.bytes, 256 * 1024 * 1024)) return 'bytes must be 0..268435456';
      break;
    case 'redirect':
      if (typeof body.location !== 'string' || body.location === '') return 'location must be a string';
      break;
    case 'garbage':
    case 'drop':
      break;
    default:
      return 'kind must be one of status, delay, garbage, trickle, drop, huge, redirect';
  }
  return body as unknown as Fault;
}
