import { SEEDED } from '../../src/simulator';
import { APP_ORIGIN, AUDIENCE, Backend, bearer, ISSUER, Seen } from '../helpers/app-backend';
import type { RawRequest, RawResponse } from '../helpers/raw-http';
import { verifyAssertion } from '../helpers/vouch';

/** The cases of the policy battery (proxy-battery.ts runs them), under BATTERY_POLICY's rules. */

export interface BatteryContext {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** The BFF's public URL, for its published keys. */
  bffUrl: string;
  backend: Backend;
  /** Session cookies of a verified investor and of one who has not finished KYC. */
  cookies: { verified: string; unverified: string };
}

export interface BatteryCase {
  name: string;
  who: 'verified' | 'unverified' | 'nobody';
  request: RawRequest;
  expect: { status: number; reason?: string; backendCalls: number };
  /** More about the answer and what the backend got. */
  check?: (res: RawResponse, calls: Seen[], ctx: BatteryContext) => unknown;
}

const ORDER = JSON.stringify({ offering: 'green-bond-2031', amount: 1000 });
const FROM_THE_APP: [string, string][] = [
  ['Content-Type', 'application/json'],
  ['Origin', APP_ORIGIN],
  ['Sec-Fetch-Site', 'same-origin'],
];
/** The original-request headers of both pairs, as a browser could send them to the proxy. */
const spoofed = (uri: string): [string, string][] => [
  ['X-Original-URI', uri],
  ['X-Original-Method', 'GET'],
  ['X-Forwarded-Uri', uri],
  ['X-Forwarded-Method', 'GET'],
];
const assertionOf = (calls: Seen[], ctx: BatteryContext) =>
  verifyAssertion(ctx.bffUrl, bearer(calls[0]), { issuer: ISSUER, audience: AUDIENCE });

/** A path trick the proxy passes on and forward-auth refuses, whoever asks. */
const pathRejected =
  (kind: string) =>
  (target: string): BatteryCase => ({
    name: `${kind}: ${target} is refused with 403 path_rejected, never resolved`,
    who: 'unverified',
    request: { target },
    expect: { status: 403, reason: 'path_rejected', backendCalls: 0 },
  });

export const CASES: BatteryCase[] = [
  {
    name: 'allowed: a verified investor gets 200 from the backend, which verified the assertion',
    who: 'verified',
    request: { target: '/app/offerings' },
    expect: { status: 200, backendCalls: 1 },
    check: async (res, calls, ctx) => {
      expect([res.json()?.investor, res.json()?.verified]).toEqual([SEEDED.verified, true]);
      expect([calls[0]!.method, calls[0]!.url]).toEqual(['GET', '/offerings']);
      expect((await assertionOf(calls, ctx)).payload.sub).toBe(SEEDED.verified);
    },
  },
  {
    name: 'denied: an investor without KYC gets 403 kyc_required and the backend is never called',
    who: 'unverified',
    request: { target: '/app/offerings' },
    expect: { status: 403, reason: 'kyc_required', backendCalls: 0 },
    check: (res) => expect(res.header('x-auth-requirement')).toBe('verified'),
  },
  {
    name: 'no rule, logged in: a path no rule covers gets 403 no_rule',
    who: 'verified',
    request: { target: '/app/unlisted' },
    expect: { status: 403, reason: 'no_rule', backendCalls: 0 },
  },
  {
    name: 'no rule, logged out: the same 403 no_rule, not a login',
    who: 'nobody',
    request: { target: '/app/unlisted' },
    expect: { status: 403, reason: 'no_rule', backendCalls: 0 },
  },
  {
    name: 'no session on a covered path: 401 login_required',
    who: 'nobody',
    request: { target: '/app/whoami' },
    expect: { status: 401, reason: 'login_required', backendCalls: 0 },
  },
  // The proxy resolves these to /app/offerings and matches them; forward-auth reads the original.
  ...[
    '/app/x/../offerings',
    '/app/whoami/../offerings',
    '/x/../app/offerings',
    '/app/%2e%2e/app/offerings',
  ].map(pathRejected('dot segments')),
  {
    name: 'dot segments: /app/%2e%2e/x is /x to the proxy, outside /app: 404, neither forward-auth nor the backend decides',
    who: 'unverified',
    request: { target: '/app/%2e%2e/x' },
    expect: { status: 404, backendCalls: 0 },
  },
  ...['/app%2fofferings', '/app/x%2F..%2Foffer', '/app/whoami%2F..%2Foffer'].map(
    pathRejected('encoded slashes'),
  ),
  {
    name: 'duplicated original-URI headers from the browser are overwritten: 403 kyc_required for the path it asked for',
    who: 'unverified',
    request: { target: '/app/offerings', headers: [...spoofed('/app/whoami'), ...spoofed('/app/whoami')] },
    expect: { status: 403, reason: 'kyc_required', backendCalls: 0 },
  },
  {
    name: 'a spoofed original URI naming a covered path leaves an uncovered one refused: 403 no_rule',
    who: 'verified',
    request: { target: '/app/unlisted', headers: spoofed('/app/whoami') },
    expect: { status: 403, reason: 'no_rule', backendCalls: 0 },
  },
  {
    name: "a browser's own Authorization, X-Investor-Id and X-Investor-Assertion never reach the backend",
    who: 'unverified',
    request: {
      target: '/app/whoami',
      headers: [
        ['Authorization', 'Bearer forged.by.browser'],
        ['X-Investor-Id', SEEDED.verified],
        ['X-Investor-Assertion', 'forged.assertion.value'],
      ],
    },
    expect: { status: 200, backendCalls: 1 },
    check: async (res, calls, ctx) => {
      const { headers } = calls[0]!;
      expect(res.json()?.investor).toBe(SEEDED.processing);
      expect([headers['x-investor-id'], headers['x-investor-assertion'], headers.cookie]).toEqual([
        SEEDED.processing,
        undefined,
        undefined,
      ]);
      expect(JSON.stringify(headers)).not.toContain('forged');
      // Nothing of the session cookie's value reached it anywhere.
      expect(JSON.stringify(headers)).not.toContain(ctx.cookies.unverified.split('=')[1]!.slice(0, 24));
      expect((await assertionOf(calls, ctx)).payload.sub).toBe(SEEDED.processing);
    },
  },
  {
    name: 'a POST without X-CSRF is refused, even for a verified investor: 403 csrf_required',
    who: 'verified',
    request: { method: 'POST', target: '/app/orders', headers: FROM_THE_APP, body: ORDER },
    expect: { status: 403, reason: 'csrf_required', backendCalls: 0 },
  },
  {
    // The example backend has no POST route: its 404, not its 401, shows it took the assertion.
    name: "the app's own POST (X-CSRF, its origin) reaches the backend with its body",
    who: 'verified',
    request: {
      method: 'POST',
      target: '/app/orders',
      headers: [...FROM_THE_APP, ['X-CSRF', '1']],
      body: ORDER,
    },
    expect: { status: 404, backendCalls: 1 },
    check: (res, calls) => {
      expect(res.json()).toEqual({ error: 'not_found' });
      expect([calls[0]!.method, calls[0]!.url]).toEqual(['POST', '/orders']);
      expect(calls[0]!.headers['content-length']).toBe(String(ORDER.length));
    },
  },
];
