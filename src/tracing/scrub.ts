import type { Attributes, AttributeValue, Link, SpanStatus } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { causeOf, ExportWatch } from './export-watch';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace-base';
// The key catalogue alone (it loads nothing): the scrubber loads before what it instruments.
import { IDENTIFYING_KEY_PREFIXES } from '../store/keys';

/**
 * The span attributes that may leave the process; every other key is dropped before export.
 * Instrumentations are configured not to record more than these, and this list is the second line
 * of defence should an upgrade start recording headers, statements or query strings.
 */
const SPAN_KEYS = new Set([
  // HTTP, server and client side (the stable semantic conventions).
  'http.request.method',
  'http.request.method_original',
  'http.response.status_code',
  'http.route',
  'url.scheme',
  'url.full',
  'server.address',
  'server.port',
  'network.peer.address',
  'network.peer.port',
  'network.protocol.version',
  'error.type',
  // Redis: the command's name only (the instrumentation's statement serializer keeps nothing else).
  'db.system.name',
  'db.operation.name',
  'db.query.text',
  // Ours: named for what they are, none of them an id, a token or investor data.
  'bff.error_code',
  'bff.investor',
  'bff.refresh.wait',
  'bff.app_api.prefix',
  'bff.app_api.outcome',
  'bff.app_api.retried',
  'securitize.endpoint',
  'securitize.outcome',
]);
const EVENT_KEYS = new Set(['exception.type', 'exception.message']);

/**
 * Values that look like a credential or a key that names one: never exported, whatever the key.
 * One expression, so each value is scanned once: Redis keys of sessions and their records, bearer
 * and basic credentials, cookies, JWTs (assertions, Securitize's tokens), codes and states in a query.
 */
const SECRET_SHAPE = new RegExp(
  [
    // Every key that names a session, an investor or a browser (the store's own list).
    String.raw`\b(?:${IDENTIFYING_KEY_PREFIXES.map((p) => p.replace(':', '')).join('|')}):`,
    String.raw`\b(?:bearer|basic)\s`,
    String.raw`\bcookie\b`,
    String.raw`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}`,
    String.raw`(?:^|[?&;])(?:code|state|token|access_token|refresh_token)=`,
    // The Domain API's investor lookup names an issuer's investor key; a webhook path carries the token.
    String.raw`(?:/|%2f)v1(?:/|%2f)+domains(?:/|%2f)+[^/\s]+(?:/|%2f)+investors(?:/|%2f)`,
    String.raw`(?:/|%2f)webhooks(?:/|%2f)+securitize(?:/|%2f)+(?!:token\b|…)[^\s]`,
  ].join('|'),
  'i',
);
export const REDACTED = '[redacted]';

/** Query and fragment cut off: a URL's path is all a trace needs, and queries carry codes and states. */
const cutUrl = (v: string) => v.replace(/[?#].*$/s, '');

function cleanString(key: string, v: string): string {
  const value = key === 'url.full' ? cutUrl(v) : v;
  return SECRET_SHAPE.test(value) ? REDACTED : value;
}

function cleanValue(key: string, v: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof v === 'string') return cleanString(key, v);
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'string' ? cleanString(key, x) : x)) as AttributeValue;
  return v;
}

/** Only allowed keys, each value checked; `allowed` undefined keeps every key (the resource's). */
export function cleanAttributes(attrs: Attributes, allowed?: ReadonlySet<string>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (allowed && !allowed.has(key)) continue;
    const v = cleanValue(key, value);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const cleanStatus = (s: SpanStatus): SpanStatus =>
  s.message === undefined ? s : { ...s, message: cleanString('', s.message) };

const cleanEvent = (e: TimedEvent): TimedEvent => ({
  time: e.time,
  name: cleanString('', e.name),
  attributes: cleanAttributes(e.attributes ?? {}, EVENT_KEYS),
});

/** Links keep whom they point at, not what was said about it. */
const cleanLink = (l: Link): Link => ({ context: l.context });

/**
 * A span as it may leave the process: a copy holding only allowed attribute keys (stack traces
 * and unknown keys dropped), values that look like credentials replaced, URLs without their
 * query, the resource's values checked too.
 */
export function cleanSpan(span: ReadableSpan, resource: Resource): ReadableSpan {
  return {
    name: cleanString('', span.name),
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    duration: span.duration,
    ended: span.ended,
    status: cleanStatus(span.status),
    attributes: cleanAttributes(span.attributes, SPAN_KEYS),
    links: span.links.map(cleanLink),
    events: span.events.map(cleanEvent),
    resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

const stringIsClean = (key: string, v: string) =>
  !(key === 'url.full' && /[?#]/.test(v)) && !SECRET_SHAPE.test(v);
const valueIsClean = (key: string, v: AttributeValue | undefined) =>
  typeof v === 'string'
    ? stringIsClean(key, v)
    : !Array.isArray(v) || v.every((x) => typeof x !== 'string' || stringIsClean(key, x));

/** Whether `cleanSpan` would change nothing but the copy: then the span itself is exported, no garbage made. */
function isClean(span: ReadableSpan): boolean {
  if (span.events.length > 0 || span.links.length > 0) return false;
  if (!stringIsClean('', span.name)) return false;
  if (span.status.message !== undefined && !stringIsClean('', span.status.message)) return false;
  for (const key in span.attributes)
    if (!SPAN_KEYS.has(key) || !valueIsClean(key, span.attributes[key])) return false;
  return true;
}

/**
 * Wraps the exporter that sends spans away: every span passes `cleanSpan` first, so nothing
 * recorded by an instrumentation, by us or in the resource reaches a trace viewer unchecked.
 */
export function scrubbingExporter(inner: SpanExporter, watch?: ExportWatch): SpanExporter {
  const resources = new WeakMap<Resource, Resource>();
  // The resource as it may leave: itself when every value is clean (the usual case), else a copy.
  const cleanResource = (r: Resource): Resource => {
    let clean = resources.get(r);
    if (!clean) {
      const attributes = r.attributes;
      clean = Object.entries(attributes).every(([k, v]) => valueIsClean(k, v))
        ? r
        : resourceFromAttributes(cleanAttributes(attributes));
      resources.set(r, clean);
    }
    return clean;
  };
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      inner.export(
        spans.map((s) => {
          const resource = cleanResource(s.resource);
          return resource === s.resource && isClean(s) ? s : cleanSpan(s, resource);
        }),
        (result) => {
          if (result.code !== ExportResultCode.SUCCESS)
            watch?.report({ kind: 'export_failed', spans: spans.length, cause: causeOf(result.error) });
          done(result);
        },
      );
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}
