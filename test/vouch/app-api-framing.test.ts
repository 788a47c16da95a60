import { decodeJwt } from 'jose';
import { startHarness, Harness } from '../helpers/harness';
import { SEEDED } from '../../src/simulator';
import { policyFile, signingKey } from '../helpers/vouch';
import { startRawUpstream } from '../helpers/raw-upstream';
import { rawExchange } from '../helpers/raw-client';
import { Message, readAllWays } from '../helpers/http-parse';
import { CATALOG, Case, PROTECTED } from './app-api-framing-catalog';

/**
 * Whatever bytes a browser sends, each request the BFF accepts gives exactly one upstream request,
 * framed as the BFF decided, and no other bytes reach the upstream. The upstream here keeps the raw
 * bytes of every connection; after each case they must read as the same requests strictly and as
 * two lenient old backends would, with nothing left over, and be exactly the requests expected. A
 * victim's request follows each case on the same pooled connections: it must arrive whole, alone,
 * with the victim's own assertion (the review's smuggled request swallowed such a request).
 */
let h: Harness;
let up: Awaited<ReturnType<typeof startRawUpstream>>;
let attacker: string;
let victim: string;

beforeAll(async () => {
  up = await startRawUpstream();
  h = await startHarness({
    env: {
      ASSERTION_SIGNING_KEYS: signingKey('f1'),
      POLICY_FILE: policyFile(
        `apis:\n  - { prefix: /app-api/x, upstream: "${up.url}/v1", policy: null, maxBodyBytes: 1000 }\n`,
      ),
    },
  });
  attacker = (await h.login(SEEDED.processing)).cookie!;
  victim = (await h.login(SEEDED.verified)).cookie!;
});
afterAll(async () => {
  await h.close();
  await up.close();
});

/** Everything the upstream received so far, read three ways per connection. */
function upstreamMessages(): Message[] {
  const all: Message[] = [];
  for (const c of up.connections) {
    const ways = readAllWays(c.bytes);
    for (const w of ways) {
      expect({ mode: w.mode, error: w.error }).toEqual({ mode: w.mode, error: undefined });
      // An unfinished message is only possible on a connection the BFF cut (an upload refused midway).
      if (!c.closed) expect({ mode: w.mode, rest: w.rest }).toEqual({ mode: w.mode, rest: '' });
    }
    const strict = ways[0]!.messages.map(({ method, target, body }) => ({ method, target, body }));
    for (const w of ways.slice(1))
      expect(w.messages.map(({ method, target, body }) => ({ method, target, body }))).toEqual(strict);
    all.push(...ways[0]!.messages);
  }
  return all;
}

const sorted = (list: Array<Pick<Message, 'method' | 'target' | 'body'>>) =>
  list.map(({ method, target, body }) => JSON.stringify([method, target, body])).sort();

/** The headers every forwarded request must have, and what it must never carry. */
function checkHeaders(m: Message): void {
  const names = m.headers.map(([n]) => n);
  const one = (n: string) => m.headers.filter(([k]) => k === n).map(([, v]) => v);
  expect(one('host')).toEqual([new URL(up.url).host]);
  expect(one('authorization')).toHaveLength(1);
  expect(one('authorization')[0]).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  expect(one('x-forwarded-for')).toEqual(['127.0.0.1']);
  expect(one('x-forwarded-host')).toEqual(['bff.test']);
  expect(names.filter((n) => n === 'content-length' || n === 'transfer-encoding').length).toBeLessThanOrEqual(
    1,
  );
  for (const n of names)
    expect(n).not.toMatch(
      /^(x-investor-|cookie$|traceparent$|tracestate$|baggage$|expect$|upgrade$|trailer$|te$)/,
    );
  // A browser's Connection never reaches the upstream (Node writes its own keep-alive).
  expect(one('connection').every((v) => v === 'keep-alive' || v === 'close')).toBe(true);
}

async function runCase(c: Case): Promise<void> {
  // Each case on new upstream connections (the pool notices the close before the case starts).
  up.reset();
  await new Promise((r) => setTimeout(r, 50));
  const { answers } = await rawExchange(h.url, c.bytes(attacker), { heads: c.heads });
  expect({ case: c.name, statuses: answers.map((a) => a.status) }).toEqual({
    case: c.name,
    statuses: c.statuses,
  });
  const expected = [...c.forwards];
  // The victim's request, after the attack, on whatever pooled connection comes next.
  const victimPath = '/victim';
  const v = await rawExchange(
    h.url,
    `GET /app-api/x${victimPath} HTTP/1.1\r\nHost: bff.test\r\nCookie: ${victim}\r\nX-CSRF: 1\r\nConnection: close\r\n\r\n`,
  );
  expect(v.answers.map((a) => a.status)).toEqual([200]);
  expected.push({ method: 'GET', target: `/v1${victimPath}`, body: '' });
  const seen = upstreamMessages();
  expect({ case: c.name, seen: sorted(seen) }).toEqual({ case: c.name, seen: sorted(expected) });
  for (const m of seen) checkHeaders(m);
  const last = seen.find((m) => m.target === `/v1${victimPath}`)!;
  const bearer = last.headers.find(([n]) => n === 'authorization')![1].slice('Bearer '.length);
  expect(decodeJwt(bearer).sub).toBe(SEEDED.verified);
}

describe.each(CATALOG.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test(`answers ${c.statuses.join(', ') || 'nothing'} and the upstream reads exactly ${c.forwards.length} request(s) of it`, () =>
    runCase(c));
});

test('the catalog names every protected header in a Connection token', () => {
  for (const header of PROTECTED)
    expect(CATALOG.some((c) => c.name.includes(`Connection: ${header}`))).toBe(true);
});
