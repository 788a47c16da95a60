import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { cleanSpan, REDACTED, scrubbingExporter } from '../../src/tracing/scrub';

const context = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED };
const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

function span(over: Partial<ReadableSpan>): ReadableSpan {
  return {
    name: 'GET',
    kind: SpanKind.CLIENT,
    spanContext: () => context,
    startTime: [1, 0],
    endTime: [2, 0],
    duration: [1, 0],
    ended: true,
    status: { code: SpanStatusCode.UNSET },
    attributes: {},
    links: [],
    events: [],
    resource: resourceFromAttributes({}),
    instrumentationScope: { name: 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...over,
  };
}

describe('the export scrubber, the second line of defence', () => {
  it('keeps only allow-listed attributes: headers, statements’ arguments, user agents and unknown keys go (F4)', () => {
    const clean = cleanSpan(
      span({
        attributes: {
          'http.request.method': 'GET',
          'http.response.status_code': 200,
          'http.request.header.cookie': ['sid=abc'],
          'http.request.header.authorization': ['Bearer x'],
          'user_agent.original': 'Mozilla/5.0',
          'db.statement': 'GET sess:abc',
          'enduser.id': 'investor-1',
          'url.query': 'code=abc',
        },
      }),
      resourceFromAttributes({}),
    );
    expect(clean.attributes).toEqual({ 'http.request.method': 'GET', 'http.response.status_code': 200 });
  });

  it('cuts URLs at the query or fragment (F4)', () => {
    const clean = cleanSpan(
      span({ attributes: { 'url.full': 'https://bff.example/callback/st4te?code=c0de&state=x#frag' } }),
      resourceFromAttributes({}),
    );
    expect(clean.attributes['url.full']).toBe('https://bff.example/callback/st4te');
  });

  it.each([
    ['a session key', 'GET sess:Abc123'],
    ['a successor record key', 'succ:{sess:x}:y'],
    ['a bearer token', 'Bearer abc.def'],
    ['a JWT', `assertion ${JWT}`],
    ['a cookie', 'Cookie: __Host-sid=s%3Aabc'],
    ['a code in a query-like string', 'callback?code=abc'],
  ])('replaces a value holding %s, wherever it is (attribute, name, status, event) (F4)', (_what, value) => {
    const clean = cleanSpan(
      span({
        name: value,
        attributes: { 'db.query.text': value, 'error.type': [value] },
        status: { code: SpanStatusCode.ERROR, message: value },
        events: [
          {
            name: 'exception',
            time: [1, 0],
            attributes: { 'exception.message': value, 'exception.stacktrace': 'at x' },
          },
        ],
      }),
      resourceFromAttributes({}),
    );
    expect(clean.name).toBe(REDACTED);
    expect(clean.attributes).toEqual({ 'db.query.text': REDACTED, 'error.type': [REDACTED] });
    expect(clean.status.message).toBe(REDACTED);
    expect(clean.events).toEqual([
      { name: 'exception', time: [1, 0], attributes: { 'exception.message': REDACTED } },
    ]);
  });

  it('leaves ordinary values alone', () => {
    const attributes = {
      'http.route': '/api/documents/:documentId/view',
      'db.query.text': 'getex',
      'securitize.outcome': 'unauthorized',
      'bff.investor': 'Xk3_9aQp-Lm2ZzYw',
    };
    expect(cleanSpan(span({ name: 'GET /api/me', attributes }), resourceFromAttributes({}))).toMatchObject({
      name: 'GET /api/me',
      attributes,
    });
  });

  it('checks the resource too, keeps links’ targets only, and hands the inner exporter the cleaned copies (F4)', async () => {
    const seen: ReadableSpan[][] = [];
    const exporter = scrubbingExporter({
      export: (spans, done) => {
        seen.push(spans);
        done({ code: 0 });
      },
      shutdown: async () => undefined,
    });
    const resource = resourceFromAttributes({ 'service.name': 'bff', 'deployment.note': `token ${JWT}` });
    const link = { context, attributes: { 'http.request.header.cookie': 'x' } };
    await new Promise((r) =>
      exporter.export([span({ resource, links: [link], attributes: { 'db.statement': 'x' } })], r),
    );
    const [out] = seen[0]!;
    expect(out!.resource.attributes).toEqual({ 'service.name': 'bff', 'deployment.note': REDACTED });
    expect(out!.links).toEqual([{ context }]);
    expect(out!.attributes).toEqual({});
    expect(out!.spanContext()).toBe(context);
  });
});

describe('the export scrubber on clean spans', () => {
  it('passes a span that needs nothing removed as it is, and cleans one that does (F4)', async () => {
    const seen: ReadableSpan[] = [];
    const exporter = scrubbingExporter({
      export: (spans, done) => {
        seen.push(...spans);
        done({ code: 0 });
      },
      shutdown: async () => undefined,
    });
    const resource = resourceFromAttributes({ 'service.name': 'bff' });
    const clean = span({ resource, attributes: { 'db.query.text': 'get', 'server.port': 6379 } });
    const withQuery = span({ resource, attributes: { 'url.full': 'http://x/y?code=1' } });
    const withKey = span({ resource, attributes: { 'db.query.text': 'get', 'db.statement': 'get sess:x' } });
    await new Promise((r) => exporter.export([clean, withQuery, withKey], r));
    expect(seen[0]).toBe(clean);
    expect(seen[1]!.attributes).toEqual({ 'url.full': 'http://x/y' });
    expect(seen[2]!.attributes).toEqual({ 'db.query.text': 'get' });
  });
});
