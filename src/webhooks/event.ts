/** The event types the BFF acts on or knows; anything else is `other` (a bounded metric label). */
export const KYC_UPDATE = 'domain-investor-kyc-update';
const KNOWN = new Set([KYC_UPDATE, 'domain-investor-subscription-agreement-update', 'health-check']);

export type Delivery =
  | { kind: 'kyc'; eventType: string; domainId: string; externalId: string }
  | { kind: 'malformed'; eventType: string; keys: string[] }
  | { kind: 'other'; eventType: string; keys: string[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_KEYS = 20;

/** A key as a log line may show it: short, and only characters a property name is made of. */
const safeKey = (k: string) => k.slice(0, 40).replace(/[^A-Za-z0-9_.-]/g, '?');

/** The keys of the delivery (top level, `data`, `payload`), never a value: for the log line of one not understood. */
export function keysOf(body: unknown): string[] {
  if (!isObj(body)) return [Array.isArray(body) ? '(array)' : `(${typeof body})`];
  const keys = Object.keys(body).map(safeKey);
  for (const inner of ['data', 'payload'])
    if (isObj(body[inner])) keys.push(...Object.keys(body[inner]).map((k) => `${inner}.${safeKey(k)}`));
  return keys.slice(0, MAX_KEYS);
}

/** A name for logs and metrics: the known types as they are, everything else `other`. */
export const eventLabel = (eventType: string) => (KNOWN.has(eventType) ? eventType : 'other');

/** The first value of `name` in the places read: a non-empty string, or a number only when exact. */
function firstOf(places: Obj[], name: string): string | undefined {
  for (const p of places) {
    const v = p[name];
    if (typeof v === 'string' && v !== '') return v;
    // A larger number was rounded before it could be read: not an id.
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  }
  return undefined;
}

const placesOf = (body: unknown) => (isObj(body) ? [body, body.data, body.payload].filter(isObj) : []);

/**
 * Whether the delivery names a `nonce` (the write-up's per-delivery counter): then a second
 * delivery with the same body is a replay, never a new event, and is taken as a duplicate.
 */
export const carriesNonce = (body: unknown) => firstOf(placesOf(body), 'nonce') !== undefined;

/**
 * What a delivery says, read the way a write-up of Securitize's guide shows it
 * (`{eventType, domainId, externalId, ...}` at the top level) and also with the same properties
 * under `data` or `payload`. Ids may come as strings or safe integers (anything else: malformed).
 */
export function readDelivery(body: unknown): Delivery {
  const places = placesOf(body);
  const first = (name: string) => firstOf(places, name);
  const eventType = first('eventType');
  if (eventType === undefined) return { kind: 'malformed', eventType: 'other', keys: keysOf(body) };
  if (eventType !== KYC_UPDATE) return { kind: 'other', eventType, keys: keysOf(body) };
  const domainId = first('domainId');
  const externalId = first('externalId');
  if (domainId === undefined || externalId === undefined)
    return { kind: 'malformed', eventType, keys: keysOf(body) };
  return { kind: 'kyc', eventType, domainId, externalId };
}
