import { rawRequest } from '../helpers/raw-http';
import { BatteryContext, CASES } from './proxy-battery-cases';

/**
 * The policy cases every tested proxy in front of forward-auth must pass, with ONE expected answer
 * per case: nginx.test.ts and caddy.test.ts both run them, so both proxies give the same answer
 * (status, X-Auth-Reason and the body's error where the proxy passes them, whether the backend was
 * called). Every request goes out byte for byte (an HTTP client would resolve `..` first).
 */

export type { BatteryContext } from './proxy-battery-cases';

/** The rules both run under: the paths the browser uses, and none for /app/unlisted. */
export const BATTERY_POLICY = `
rules:
  - { path: /app/offerings, methods: [GET], policy: { verified: true } }
  - { path: /app/orders, methods: [POST], policy: { verified: true } }
  - { path: /app/whoami, methods: [GET], policy: null }
`;

/** Registers the battery's tests; `ctx` is read when they run (after the caller's beforeAll). */
export function policyBattery(ctx: () => BatteryContext): void {
  describe('the policy battery (one expected answer per case, behind every tested proxy)', () => {
    test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const { port, backend, cookies } = ctx();
      const cookie: [string, string][] = c.who === 'nobody' ? [] : [['Cookie', cookies[c.who]]];
      const from = backend.seen.length;
      const res = await rawRequest(port, {
        ...c.request,
        headers: [...cookie, ...(c.request.headers ?? [])],
      });
      const calls = backend.since(from);
      const got = { status: res.status, reason: res.header('x-auth-reason'), backendCalls: calls.length };
      expect(got).toEqual({ reason: undefined, ...c.expect });
      // A refusal's reason is in its body too, whatever the proxy did with forward-auth's body.
      if (res.status === 401 || res.status === 403) expect(res.json()?.error).toBe(c.expect.reason);
      // The assertion is for the backend only, never for the browser.
      expect(res.header('x-investor-assertion')).toBeUndefined();
      await c.check?.(res, calls, ctx());
    });
  });
}
