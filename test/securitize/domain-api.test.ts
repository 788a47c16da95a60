import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDomainApi, isSecuritizeError } from '../../src/securitize';

/**
 * The Domain API's investor lookup against a real HTTP server answering what the Domain API may:
 * the mapping, 404, a refused key, 429 and 5xx, garbage, silence.
 */
let server: http.Server;
let url: string;
let next: { status: number; body: string; headers?: Record<string, string>; hang?: boolean };
const seen: Array<{ path: string; authorization: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: String(req.headers.authorization) });
    if (next.hang) return;
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(next.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const api = () => createDomainApi({ baseUrl: url, apiKey: 'kid:ksecret', timeoutMs: 300 });
const outcome = (p: Promise<unknown>) =>
  p.then(
    (v) => ({ value: v }),
    (e: unknown) => ({
      error: isSecuritizeError(e) ? e.outcome : String(e),
      retryAfter: (e as { retryAfterSeconds?: number }).retryAfterSeconds,
    }),
  );

test('the mapping: GET /v1/domains/{domainId}/investors/{externalId} with the API key, ids encoded', async () => {
  next = { status: 200, body: JSON.stringify({ id: 1, securitizeIdProfileId: 'c1c2c3c4c5c6c7c8c9c0d1d2' }) };
  expect(await api().investor('dom:1', 'ext.2_x')).toEqual({ investorId: 'c1c2c3c4c5c6c7c8c9c0d1d2' });
  expect(seen.at(-1)).toEqual({
    path: '/v1/domains/dom%3A1/investors/ext.2_x',
    authorization: 'apiKey kid:ksecret',
  });
});

test('ids outside the safe set are no investor, and the key is never sent for them', async () => {
  const before = seen.length;
  for (const [domain, external] of [
    ['..', 'zz1'],
    ['.', 'zz2'],
    ['dom', '..'],
    ['dom 1', 'ext'],
    ['dom', 'ext/2?x'],
    ['dom', '%2e%2e'],
    ['', 'ext'],
  ])
    expect(await api().investor(domain!, external!)).toBeNull();
  expect(seen.length).toBe(before);
});

test.each([
  [404, '{"message":"Not Found","statusCode":404}', { value: null }],
  [200, '{"id":1,"securitizeIdProfileId":null}', { value: null }],
  [200, '{"id":1,"securitizeIdProfileId":"../../etc"}', { error: 'unavailable' }],
  [200, 'not json', { error: 'unavailable' }],
  [401, 'Unauthorized', { error: 'forbidden' }],
  [403, '{"message":"Forbidden","statusCode":403}', { error: 'forbidden' }],
  [500, '{}', { error: 'unavailable' }],
  [502, '<html>', { error: 'unavailable' }],
])('answer %i %s', async (status, body, expected) => {
  next = { status, body };
  expect(await outcome(api().investor('d', 'e'))).toMatchObject(expected);
});

test('429 is unavailable, with its Retry-After', async () => {
  next = { status: 429, body: '{}', headers: { 'retry-after': '7' } };
  expect(await outcome(api().investor('d', 'e'))).toEqual({ error: 'unavailable', retryAfter: 7 });
});

test('silence past the deadline is a timeout; ids no path could carry are not asked about', async () => {
  next = { status: 200, body: '', hang: true };
  expect(await outcome(api().investor('d', 'e'))).toMatchObject({ error: 'timeout' });
  const before = seen.length;
  expect(await api().investor('d', 'x'.repeat(300))).toBeNull();
  expect(await api().investor('d', 'line\nbreak')).toBeNull();
  expect(seen.length).toBe(before);
});
