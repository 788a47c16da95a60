import { SEEDED } from '../../src/simulator';
import type { Fault } from '../../src/simulator';
import { parseSetCookies } from '../helpers/cookies';
import { CLIENT_ID, Harness, SECRET, startHarness, stateOf } from '../helpers/harness';

let h: Harness;
let clockOffsetMs = 0;
beforeAll(async () => {
  h = await startHarness({ now: () => Date.now() + clockOffsetMs });
});
afterAll(() => h.close());
beforeEach(() => {
  clockOffsetMs = 0;
  h.sim.control.clearCalls();
  h.sim.control.clearFaults();
});

const exchangeCalls = () => h.sim.control.calls().filter((c) => c.path.endsWith('/oauth2/authorize'));

/** /login as a browser would, stopping before Securitize sends it back. */
async function beginLogin() {
  const res = await h.get('/login');
  const tx = parseSetCookies(res.headers['set-cookie'])[0]!;
  return { state: stateOf(res.headers.location), txCookie: `${tx.name}=${tx.value}` };
}

async function expectLoginError(path: string, cookie: string | undefined, error: string, upstreamCalls = 0) {
  const before = (await h.redisChild.admin.keys('sess:*')).sort();
  const res = await h.get(path, cookie ? { Cookie: cookie } : {});
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`http://app.test/?error=${error}`);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(parseSetCookies(res.headers['set-cookie']).filter((c) => c.name === 'sid')).toEqual([]);
  expect(res.text).toBe('');
  expect(exchangeCalls()).toHaveLength(upstreamCalls);
  expect((await h.redisChild.admin.keys('sess:*')).sort()).toEqual(before);
  return res;
}

describe('state and transaction checks (before any call to Securitize) (A2, A7)', () => {
  const code = () => h.sim.control.issueCode(SEEDED.verified, CLIENT_ID);

  it('rejects a callback without a state', async () => {
    const { txCookie } = await beginLogin();
    await expectLoginError(`/callback?code=${code()}`, txCookie, 'invalid_state');
  });

  it('rejects a wrong state', async () => {
    const { txCookie } = await beginLogin();
    await expectLoginError(`/callback?state=${'A'.repeat(43)}&code=${code()}`, txCookie, 'invalid_state');
  });

  it('rejects a callback without the transaction cookie', async () => {
    const { state } = await beginLogin();
    await expectLoginError(`/callback?state=${state}&code=${code()}`, undefined, 'invalid_state');
  });

  it('rejects a transaction older than LOGIN_TRANSACTION_TTL (default 3600 s) on the BFF clock', async () => {
    const { state, txCookie } = await beginLogin();
    clockOffsetMs = 3_601_000;
    await expectLoginError(`/callback?state=${state}&code=${code()}`, txCookie, 'invalid_state');
  });

  it('consumes the transaction: a replayed callback is rejected and Securitize was called once', async () => {
    const { state, txCookie } = await beginLogin();
    const path = `/callback?state=${state}&code=${code()}`;
    const first = await h.get(path, { Cookie: txCookie });
    expect(first.headers.location).toBe('http://app.test/');
    await expectLoginError(path, txCookie, 'invalid_state', 1);
  });

  it("rejects an attacker's state and code replayed into a victim's browser", async () => {
    const attacker = await beginLogin();
    const victim = await beginLogin();
    await expectLoginError(
      `/callback?state=${attacker.state}&code=${code()}`,
      victim.txCookie,
      'invalid_state',
    );
    // Nothing was consumed: the victim's own login still finishes.
    const done = await h.get(`/callback/${victim.state}?code=${code()}`, { Cookie: victim.txCookie });
    expect(done.headers.location).toBe('http://app.test/');
  });

  it('treats a missing code with a valid state as a cancelled login (A10)', async () => {
    const a = await beginLogin();
    await expectLoginError(`/callback?state=${a.state}`, a.txCookie, 'login_cancelled');
    const b = await beginLogin();
    await expectLoginError(
      `/callback?state=${b.state}&error=access_denied&error_description=x`,
      b.txCookie,
      'login_cancelled',
    );
  });
});

describe('malformed query input gives invalid_request, never a 500 and never an echo (A3, A5, A7)', () => {
  const bad: Array<[string, (s: string) => string]> = [
    ['repeated code', (s) => `state=${s}&code=a&code=b`],
    ['array code', (s) => `state=${s}&code[]=a`],
    ['object code', (s) => `state=${s}&code[x]=1&code=a`],
    ['repeated state', (s) => `state=${s}&state=${s}&code=a`],
    ['empty code', (s) => `state=${s}&code=`],
    ['oversized code', (s) => `state=${s}&code=${'a'.repeat(600)}`],
    ['control characters', (s) => `state=${s}&code=ab%00cd%0a`],
    ['bad percent-encoding', (s) => `state=${s}&code=%ZZ%E0%A4%A`],
    ['markup', (s) => `state=${s}&code=%3Cscript%3Ealert(1)%3C%2Fscript%3E`],
  ];
  it.each(bad)('%s', async (_name, build) => {
    const { state, txCookie } = await beginLogin();
    const res = await expectLoginError(`/callback?${build(state)}`, txCookie, 'invalid_request');
    expect(res.headers.location).not.toContain('code');
  });

  it('answers an oversized URL without a 500', async () => {
    const res = await h.get(`/callback?code=${'a'.repeat(20_000)}`);
    expect(res.status).toBeLessThan(500);
    expect(exchangeCalls()).toHaveLength(0);
  });

  it('ignores country and authorized values that are not plain hints (A8)', async () => {
    const { state, txCookie } = await beginLogin();
    const code = h.sim.control.issueCode(SEEDED.verified, CLIENT_ID);
    const res = await h.get(
      `/callback?state=${state}&code=${code}&country=%3Cscript%3E&authorized=true&authorized=false`,
      { Cookie: txCookie },
    );
    expect(res.headers.location).toBe('http://app.test/');
    const cookie = parseSetCookies(res.headers['set-cookie']).find((c) => c.name === 'sid')!;
    const me = await h.get('/api/me', { Cookie: `sid=${cookie.value}`, 'X-CSRF': '1' });
    expect(me.body).toMatchObject({ country: null, authorized: false });
  });
});

describe('Securitize failures at the code exchange (B1, B2, B3, S10)', () => {
  async function callbackWith(fault: Fault | null, error: string) {
    const { state, txCookie } = await beginLogin();
    const code = h.sim.control.issueCode(SEEDED.verified, CLIENT_ID);
    if (fault) h.sim.control.injectFault({ match: { path: /oauth2\/authorize$/ }, ...fault } as Fault);
    const started = Date.now();
    await expectLoginError(`/callback?state=${state}&code=${code}`, txCookie, error, 1);
    return Date.now() - started;
  }

  it('401 from Securitize gives login_failed', async () => {
    await callbackWith(
      {
        kind: 'status',
        status: 401,
        body: { statusCode: 401, error: 'Unauthorized', message: 'Failed to authorize', details: null },
      },
      'login_failed',
    );
  });

  it('an already-used code (real 401 from the simulator) gives login_failed', async () => {
    const { state, txCookie } = await beginLogin();
    const code = h.sim.control.issueCode(SEEDED.verified, CLIENT_ID);
    const other = await beginLogin();
    await h.get(`/callback?state=${other.state}&code=${code}`, { Cookie: other.txCookie });
    h.sim.control.clearCalls();
    await expectLoginError(`/callback?state=${state}&code=${code}`, txCookie, 'login_failed', 1);
    // Securitize answers a wrong secret exactly like a used code: the log says so, and names the variables.
    const failure = h.logs
      .map((l) => JSON.parse(l))
      .filter((l) => l.event === 'login_failure')
      .pop();
    expect(failure.detail.hint).toContain('SECURITIZE_SECRET');
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 }],
    ['a 503', { kind: 'status', status: 503, body: 'down' }],
    ['a non-JSON body', { kind: 'garbage' }],
    ['a body far over the size cap', { kind: 'huge', bytes: 2_000_000 }],
    ['a redirect (not followed)', { kind: 'redirect', location: 'http://127.0.0.1:9/steal' }],
    ['a dropped connection', { kind: 'drop' }],
    ['a 200 without the token fields', { kind: 'status', status: 200, body: { investorId: 'x' } }],
  ] as Array<[string, Fault]>)('%s gives securitize_unavailable', async (_name, fault) => {
    await callbackWith(fault, 'securitize_unavailable');
  });

  it('a slow answer is cut at the deadline', async () => {
    const ms = await callbackWith({ kind: 'delay', ms: 5000 }, 'securitize_unavailable');
    expect(ms).toBeLessThan(3000);
  });

  it('a body that trickles in slowly is cut at the total deadline', async () => {
    const ms = await callbackWith({ kind: 'trickle', totalMs: 6000 }, 'securitize_unavailable');
    expect(ms).toBeLessThan(3000);
  });
});

describe('leaks', () => {
  it('never echoed input or leaked the secret during this file (B4, F1)', () => {
    const sent = h.responses.map((r) => JSON.stringify(r.headers) + r.text).join('\n');
    expect(sent).not.toContain(SECRET);
    expect(sent).not.toContain('<script');
    expect(sent).not.toContain('alert(1)');
    expect(h.logs.join('\n')).not.toContain(SECRET);
    expect(h.logs.join('\n')).not.toMatch(/code=/);
  });
});
