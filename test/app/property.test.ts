import fc from 'fast-check';
import { SEEDED } from '../../src/simulator';
import { CLIENT_ID, Harness, startHarness } from '../helpers/harness';

let h: Harness;
let cookie: string;
beforeAll(async () => {
  h = await startHarness();
  cookie = (await h.login(SEEDED.verified)).cookie!;
});
afterAll(() => h.close());

const sessions = () => h.redisChild.admin.keys('sess:*').then((k) => k.length);
/** Characters that stress parsers: separators, brackets, percent signs, controls, non-ASCII. */
const nasty = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    '0',
    '=',
    '&',
    '[',
    ']',
    '%',
    '2',
    'F',
    '.',
    '/',
    '\\',
    '<',
    '"',
    ' ',
    'é',
    '\u0000',
    '\n',
    '#',
  ),
  maxLength: 40,
});
const encoded = nasty.map((s) => encodeURIComponent(s));
const rawish = fc.oneof(
  encoded,
  // Raw characters a client can actually put in a request line.
  nasty.map((s) => [...s].filter((c) => !'#\u0000'.includes(c) && c.trim() !== '').join('')),
);
const ALLOWED_UPSTREAM = new RegExp(
  `^/v1/${CLIENT_ID}/(oauth2/(authorize|refresh)|investor(/verification|/documents(/[A-Za-z0-9_-]+/view)?|/signers(/[A-Za-z0-9_-]+/documents/[A-Za-z0-9_-]+/view)?|/domain/wallets)?)$`,
);

function expectNoEcho(text: string, inputs: string[]) {
  for (const input of inputs) if (input.length >= 6) expect(text).not.toContain(input);
}

describe('property: arbitrary input never breaks the BFF', () => {
  it('/callback with arbitrary query strings and headers: no 500, no hang, no echo, no session (A3, A5)', async () => {
    const before = await sessions();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(rawish, rawish), { maxLength: 6 }),
        fc.option(rawish, { nil: undefined }),
        async (pairs, cookieValue) => {
          const query = pairs.map(([k, v]) => `${k}=${v}`).join('&');
          const headers: Record<string, string> = {};
          if (cookieValue) headers.Cookie = `tx=${cookieValue.replace(/[;\r\n]/g, '')}`;
          const res = await h.get(`/callback?${query}`, headers);
          expect(res.status).toBeLessThan(500);
          expect(res.status === 303 || res.status === 400 || res.status === 414).toBe(true);
          if (res.status === 303)
            expect(res.headers.location).toMatch(/^http:\/\/app\.test\/(\?error=[a-z_]+)?$/);
          expect(res.headers['set-cookie'] ?? []).not.toEqual(
            expect.arrayContaining([expect.stringMatching(/^sid=s/)]),
          );
          expectNoEcho(res.text + JSON.stringify(res.headers), pairs.flat());
        },
      ),
      { numRuns: 150 },
    );
    expect(await sessions()).toBe(before);
  });

  it('arbitrary path parameters reach only allow-listed upstream paths and never give a 500 (B5)', async () => {
    h.sim.control.clearCalls();
    await fc.assert(
      fc.asyncProperty(rawish, rawish, fc.constantFrom('documents', 'signers'), async (a, b, kind) => {
        const path =
          kind === 'documents' ? `/api/documents/${a}/view` : `/api/signers/${a}/documents/${b}/view`;
        const res = await h.get(path, { Cookie: cookie, 'X-CSRF': '1' });
        expect(res.status).toBeLessThan(500);
        expectNoEcho(res.text, [a, b]);
      }),
      { numRuns: 150 },
    );
    for (const call of h.sim.control.calls()) expect(call.path).toMatch(ALLOWED_UPSTREAM);
  });

  it('arbitrary bodies and content types on POST /api/wallets: 4xx or 201, never a 500, never an echo (D4)', async () => {
    const before = await sessions();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          nasty,
        ),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
        ),
        async (body, type) => {
          const res = await h.sendRaw(
            'post',
            '/api/wallets',
            { Cookie: cookie, 'X-CSRF': '1', 'Content-Type': type },
            body,
          );
          expect(res.status).toBeLessThan(500);
          expect([201, 400, 409, 413, 415]).toContain(res.status);
          if (res.status !== 201) expectNoEcho(res.text, [body]);
        },
      ),
      { numRuns: 150 },
    );
    expect(await sessions()).toBe(before);
  });

  it('arbitrary headers on /api/me never give a 500 and never authenticate without the session (D1)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'X-CSRF',
            'Origin',
            'Sec-Fetch-Site',
            'X-Forwarded-For',
            'X-Forwarded-Proto',
            'Authorization',
          ),
          nasty.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        ),
        async (headers) => {
          const res = await h.get('/api/me', headers);
          expect(res.status).toBeLessThan(500);
          expect(res.status).not.toBe(200);
        },
      ),
      { numRuns: 150 },
    );
  });
});
