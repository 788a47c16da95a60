import { hostname } from 'node:os';
import request from 'supertest';
import { CLIENT_ID, sidOf, startHarness, storedSession, Harness, stateOf } from '../helpers/harness';
import { parseSetCookies } from '../helpers/cookies';
import { SEEDED } from '../../src/simulator';
import { sessionHandle } from '../../src/session';
import { investorHandle } from '../../src/session/handle';
import { authRequest } from '../helpers/vouch';
import { waitFor } from '../helpers/wait-for';
import { adminCall, adminEnv, ALICE, BOB } from '../admin/admin-helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: adminEnv() });
});
afterAll(() => h.close());

type Event = Record<string, unknown>;
const stream = async (): Promise<Event[]> =>
  (await h.redisChild.admin.xrevrange('audit:events', '+', '-')).map(([, f]) => JSON.parse(f[1]!) as Event);
const auditLines = () => h.logs.map((l) => JSON.parse(l) as Event).filter((l) => l.audit === true);
const csrf = (cookie: string) => ({ Cookie: cookie, 'X-CSRF': '1', Origin: 'http://app.test' });
const INSTANCE = `${hostname()}/${process.pid}`;

describe('the audit trail: events where they happen, in the stream and in the logs', () => {
  it('a login: login_succeeded with the investor, the session handle, the instance and the time', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const handle = sessionHandle(sidOf(cookie!));
    const [latest] = await stream();
    expect(latest).toEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      type: 'login_succeeded',
      investorId: SEEDED.verified,
      session: handle,
      instance: INSTANCE,
    });
    // The log line: marked audit, the investor as the hash every other line uses, never the id.
    const line = auditLines().find((l) => l.type === 'login_succeeded' && l.session === handle)!;
    expect(line).toMatchObject({
      audit: true,
      investor: investorHandle(SEEDED.verified),
      instance: INSTANCE,
    });
    expect(line.investorId).toBeUndefined();
  });

  it('a failed login: login_failed with the reason code; a junk callback is no event', async () => {
    const begin = async () => {
      const res = await h.get('/login');
      const tx = parseSetCookies(res.headers['set-cookie'])[0]!;
      return { state: stateOf(res.headers.location), txCookie: `${tx.name}=${tx.value}` };
    };
    const used = h.sim.control.issueCode(SEEDED.verified, CLIENT_ID);
    const first = await begin();
    await h.get(`/callback?state=${first.state}&code=${used}`, { Cookie: first.txCookie });
    const second = await begin();
    const before = (await stream()).length;
    expect(
      (await h.get(`/callback?state=${second.state}&code=${used}`, { Cookie: second.txCookie })).headers
        .location,
    ).toBe('http://app.test/?error=login_failed');
    const after = await stream();
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ type: 'login_failed', reason: 'login_failed', instance: INSTANCE });
    expect(after[0]!.investorId).toBeUndefined();
    // A callback that matches no login in flight (any page can send one): logged and counted, not audited.
    await h.get(`/callback?state=${'A'.repeat(43)}&code=x`, { Cookie: second.txCookie });
    expect((await stream()).length).toBe(after.length);
  });

  it('logouts: this one, all, and the other devices, each with its scope', async () => {
    const a = (await h.login(SEEDED.entity)).cookie!;
    const b = (await h.login(SEEDED.entity)).cookie!;
    const c = (await h.login(SEEDED.entity)).cookie!;
    const d = (await h.login(SEEDED.entity)).cookie!;
    expect((await request(h.url).post('/logout').set(csrf(a))).status).toBe(204);
    expect((await stream())[0]).toMatchObject({
      type: 'logout',
      scope: 'this',
      session: sessionHandle(sidOf(a)),
    });
    expect((await request(h.url).post('/api/sessions/revoke-others').set(csrf(b))).status).toBe(200);
    expect((await stream())[0]).toMatchObject({
      type: 'logout',
      scope: 'others',
      session: sessionHandle(sidOf(b)),
    });
    const e = (await h.login(SEEDED.entity)).cookie!;
    expect((await request(h.url).post('/logout?scope=all').set(csrf(e))).status).toBe(204);
    const [latest, previous] = await stream();
    expect(latest).toMatchObject({ type: 'logout', scope: 'all', investorId: SEEDED.entity });
    // The investor's own logouts are not session_ended events as well.
    expect(previous!.type).toBe('login_succeeded');
    for (const cookie of [c, d]) expect(await h.redisChild.admin.exists(`sess:${sidOf(cookie)}`)).toBe(0);
  });

  it('an operator’s end: session_ended (reason operator, the operator’s name) and admin_action', async () => {
    const cookie = (await h.login(SEEDED.verified)).cookie!;
    const res = await adminCall(
      h.adminUrl,
      'delete',
      `/admin/investors/${SEEDED.verified}/sessions?reason=fraud`,
      BOB,
    );
    expect(res.status).toBe(200);
    const events = (await stream()).slice(0, res.body.ended + 1);
    expect(events[0]).toMatchObject({
      type: 'admin_action',
      actor: 'bob',
      action: 'end_sessions',
      investorId: SEEDED.verified,
      reason: 'fraud',
      outcome: 'done',
      count: res.body.ended,
    });
    expect(events.slice(1).map((e) => [e.type, e.reason, e.actor])).toEqual(
      Array.from({ length: res.body.ended }, () => ['session_ended', 'operator', 'bob']),
    );
    expect(events.some((e) => e.session === sessionHandle(sidOf(cookie)))).toBe(true);
  });

  it('access_denied: the rule and the reason, once a minute per session, rule and reason', async () => {
    const cookie = (await h.login(SEEDED.processing)).cookie!;
    const before = (await stream()).length;
    for (let i = 0; i < 5; i++) {
      const res = await authRequest(h.faUrl, { method: 'GET', uri: '/portfolio' }, { Cookie: cookie });
      expect(res.status).toBe(403);
    }
    const denied = (await stream())
      .slice(0, (await stream()).length - before)
      .filter((e) => e.type === 'access_denied');
    expect(denied).toEqual([
      {
        at: expect.any(String),
        type: 'access_denied',
        investorId: SEEDED.processing,
        session: sessionHandle(sidOf(cookie)),
        rule: '/portfolio',
        reason: 'kyc_required:verified',
        instance: INSTANCE,
      },
    ]);
    // Another session of the same investor is its own event.
    const other = (await h.login(SEEDED.processing)).cookie!;
    await authRequest(h.faUrl, { method: 'GET', uri: '/portfolio' }, { Cookie: other });
    expect((await stream())[0]).toMatchObject({
      type: 'access_denied',
      session: sessionHandle(sidOf(other)),
    });
  });

  it('no event and no audit line holds a token, a code, a cookie, a session id or personal data', async () => {
    const { cookie, code } = await h.login(SEEDED.verified);
    const stored = await storedSession(h.redisChild.admin, cookie!);
    await adminCall(h.adminUrl, 'get', `/admin/investors/${SEEDED.verified}/sessions`);
    await adminCall(h.adminUrl, 'get', '/admin/audit');
    const text = JSON.stringify([await stream(), auditLines()]);
    const secrets = [
      cookie!.split('=')[1]!,
      sidOf(cookie!),
      code,
      ...h.codes,
      stored!.accessToken,
      stored!.refreshToken,
      ALICE,
      BOB,
      'victor',
      'vance',
      'example.com',
      '127.0.0.1',
    ];
    for (const s of secrets) expect([s, text.toLowerCase().includes(s.toLowerCase())]).toEqual([s, false]);
    const fields = new Set((await stream()).flatMap((e) => Object.keys(e)));
    expect([...fields].sort()).toEqual(
      [
        'action',
        'actor',
        'at',
        'count',
        'instance',
        'investorId',
        'outcome',
        'reason',
        'rule',
        'scope',
        'session',
        'type',
      ].sort(),
    );
  });
});

describe('a stream that cannot take an event', () => {
  it('fails no request: the login goes on, the event is logged and the failure counted', async () => {
    const failures = async () =>
      Number(/bff_audit_write_failures_total (\d+)/.exec(await h.metrics.registry.metrics())?.[1] ?? 0);
    await h.redisChild.admin.rename('audit:events', 'test:kept-events');
    await h.redisChild.admin.set('audit:events', 'not a stream');
    try {
      const before = await failures();
      const { callback, cookie } = await h.login(SEEDED.verified);
      expect(callback.status).toBe(303);
      expect(callback.headers.location).toBe('http://app.test/');
      const handle = sessionHandle(sidOf(cookie!));
      expect(auditLines().some((l) => l.type === 'login_succeeded' && l.session === handle)).toBe(true);
      await waitFor('the failure counted', 10_000, async () =>
        (await failures()) > before ? true : undefined,
      );
      expect(h.logs.some((l) => l.includes('"audit_stream_problem"'))).toBe(true);
    } finally {
      await h.redisChild.admin.rename('test:kept-events', 'audit:events');
    }
  });
});

describe('GET /admin/audit', () => {
  const get = (q: string) => adminCall(h.adminUrl, 'get', `/admin/audit${q}`);

  it('answers the stream newest first, filtered by investor, type and time, up to the limit', async () => {
    const all = (await get('?limit=500')).body.events as Event[];
    expect(all).toEqual((await stream()).slice(1, 501)); // the read itself is recorded after it
    const mine = (await get(`?investorId=${SEEDED.entity}`)).body.events as Event[];
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((e) => e.investorId === SEEDED.entity)).toBe(true);
    const logouts = (await get('?type=logout&limit=2')).body;
    expect(logouts.events.map((e: Event) => e.scope)).toEqual(['all', 'others']);
    expect(logouts.next).toMatch(/^\d+-\d+$/);
    const rest = (await get(`?type=logout&before=${logouts.next}`)).body.events as Event[];
    expect(rest.map((e) => e.scope)).toEqual(['this']);
    const times = all.map((e) => Date.parse(e.at as string));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const since = all[2]!.at as string;
    const recent = (await get(`?since=${encodeURIComponent(since)}&limit=500`)).body.events as Event[];
    expect(recent.every((e) => (e.at as string) >= since)).toBe(true);
    expect(recent.length).toBeGreaterThanOrEqual(3);
    expect((await get('?since=2999-01-01T00:00:00Z')).body.events).toEqual([]);
    // Before 1970 is the stream's start; before the first possible entry is nothing (no Redis error).
    const early = await get('?since=0000-01-01T00:00:00Z&limit=500');
    expect(early.status).toBe(200);
    expect(early.body.events.length).toBeGreaterThan(all.length); // all of them, and the reads since
    const none = await get('?before=0-0');
    expect([none.status, none.body.events]).toEqual([200, []]);
  });

  it.each([
    ['limit=0'],
    ['limit=501'],
    ['limit=ten'],
    ['limit=1&limit=2'],
    ['type=nothing'],
    ['since=yesterday'],
    ['since=2026-13-01T00:00:00Z'],
    ['investorId=a%20b'],
    ['before=1'],
    ['sort=asc'],
    ['investorId[]=x'],
  ])('%s: 400 invalid_request naming the problem', async (q) => {
    const res = await get(`?${q}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.problems).toMatch(/^query/);
  });
});
