import request from 'supertest';
import { SEEDED } from '../../src/simulator';
import { sidOf, startHarness, Harness } from '../helpers/harness';
import { authRequest } from '../helpers/vouch';
import { adminCall, adminEnv, BOB, CHROME_UA, FIREFOX_UA } from './admin-helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: adminEnv() });
});
afterAll(() => h.close());

const redis = () => h.redisChild.admin;
const base = (investorId: string) => `/admin/investors/${investorId}/sessions`;
const apiSessions = (cookie: string) =>
  request(h.url).get('/api/sessions').set({ Cookie: cookie, 'X-CSRF': '1' });
/** A decision that needs the KYC facts, so they are stored beside the session. */
const decide = (cookie: string) =>
  authRequest(h.faUrl, { method: 'GET', uri: '/portfolio' }, { Cookie: cookie });
const auditEvents = async () =>
  (await redis().xrevrange('audit:events', '+', '-')).map(
    ([, f]) => JSON.parse(f[1]!) as Record<string, unknown>,
  );

/** Two sessions of an investor, from Chrome and Firefox, each with facts beside it. */
async function twoSessions(investorId: string) {
  const chrome = (await h.login(investorId, { headers: { 'User-Agent': CHROME_UA } })).cookie!;
  const firefox = (await h.login(investorId, { headers: { 'User-Agent': FIREFOX_UA } })).cookie!;
  for (const c of [chrome, firefox]) expect((await decide(c)).status).toBe(200);
  return { chrome, firefox };
}

const keysOf = async (cookie: string) => {
  const sid = sidOf(cookie);
  return {
    session: await redis().exists(`sess:${sid}`),
    facts: await redis().exists(`facts:{sess:${sid}}`),
    index: await redis().hexists(`inv:${SEEDED.verified}`, sid),
  };
};

describe('the admin API: an investor’s sessions', () => {
  it('lists them, newest first, with the handle the investor sees, times, address and browser family', async () => {
    await request(h.adminUrl).delete(base(SEEDED.verified)).set('Authorization', `Bearer ${BOB}`);
    const { chrome, firefox } = await twoSessions(SEEDED.verified);
    const res = await adminCall(h.adminUrl, 'get', base(SEEDED.verified));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const own = (await apiSessions(chrome)).body.sessions as Array<{ id: string; userAgent: string }>;
    const list = res.body.sessions as Array<Record<string, string>>;
    expect(list).toHaveLength(2);
    expect(list.map((s) => s.handle)).toEqual(own.map((s) => s.id));
    expect(list.map((s) => s.browser)).toEqual(['Firefox', 'Chrome']);
    for (const s of list) {
      expect(Object.keys(s).sort()).toEqual([
        'address',
        'browser',
        'createdAt',
        'expiresAt',
        'handle',
        'lastSeenAt',
      ]);
      expect(s.address).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      for (const t of [s.createdAt, s.lastSeenAt, s.expiresAt]) expect(new Date(t!).toISOString()).toBe(t);
      expect(Date.parse(s.createdAt!)).toBeLessThanOrEqual(Date.parse(s.lastSeenAt!));
      expect(Date.parse(s.lastSeenAt!)).toBeLessThan(Date.parse(s.expiresAt!));
    }
    // Nothing of the session ids themselves.
    const text = res.text;
    for (const c of [chrome, firefox]) expect(text).not.toContain(sidOf(c));
  });

  it('an unknown investor has no sessions; a malformed id is a 400', async () => {
    expect((await adminCall(h.adminUrl, 'get', base('nobody-here'))).body).toEqual({ sessions: [] });
    for (const bad of ['a%20b', 'x'.repeat(129), 'a.b', '%00'])
      expect((await adminCall(h.adminUrl, 'get', base(bad))).status).toBe(400);
  });

  it('ends one session by its handle: its record, facts and index entry go, the other stays', async () => {
    await adminCall(h.adminUrl, 'delete', base(SEEDED.verified));
    const { chrome, firefox } = await twoSessions(SEEDED.verified);
    expect(await keysOf(chrome)).toEqual({ session: 1, facts: 1, index: 1 });
    const handle = (
      (await apiSessions(chrome)).body.sessions as Array<{ id: string; current: boolean }>
    ).find((s) => s.current)!.id;
    const res = await adminCall(
      h.adminUrl,
      'delete',
      `${base(SEEDED.verified)}/${handle}?reason=stolen%20laptop`,
      BOB,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ended: 1 });
    expect(await keysOf(chrome)).toEqual({ session: 0, facts: 0, index: 0 });
    expect(await keysOf(firefox)).toEqual({ session: 1, facts: 1, index: 1 });
    expect((await apiSessions(chrome)).status).toBe(401);
    expect((await decide(chrome)).status).toBe(401);
    const events = await auditEvents();
    expect(events.find((e) => e.type === 'session_ended')).toMatchObject({
      type: 'session_ended',
      reason: 'operator',
      actor: 'bob',
      investorId: SEEDED.verified,
      session: handle,
    });
    expect(events.find((e) => e.type === 'admin_action')).toMatchObject({
      actor: 'bob',
      action: 'end_session',
      outcome: 'done',
      investorId: SEEDED.verified,
      session: handle,
      reason: 'stolen laptop',
      count: 1,
    });
    // Again: no such session of that investor.
    const again = await adminCall(h.adminUrl, 'delete', `${base(SEEDED.verified)}/${handle}`);
    expect(again.status).toBe(404);
    expect(again.body.error).toBe('not_found');
    // Another investor's handle is not found under this one.
    const other = (await h.login(SEEDED.entity)).cookie!;
    const otherHandle = ((await apiSessions(other)).body.sessions as Array<{ id: string }>)[0]!.id;
    expect((await adminCall(h.adminUrl, 'delete', `${base(SEEDED.verified)}/${otherHandle}`)).status).toBe(
      404,
    );
    expect((await apiSessions(other)).status).toBe(200);
  });

  it('ends all of them through the one end path: records, facts and index', async () => {
    const { chrome, firefox } = await twoSessions(SEEDED.verified);
    const res = await adminCall(h.adminUrl, 'delete', `${base(SEEDED.verified)}?reason=account%20closed`);
    expect(res.status).toBe(200);
    expect(res.body.ended).toBeGreaterThanOrEqual(2);
    for (const c of [chrome, firefox]) expect(await keysOf(c)).toEqual({ session: 0, facts: 0, index: 0 });
    expect(await redis().hlen(`inv:${SEEDED.verified}`)).toBe(0);
    expect(await redis().keys(`*${sidOf(chrome)}*`)).toEqual([]);
    const ended = (await auditEvents()).filter((e) => e.type === 'session_ended').slice(0, res.body.ended);
    expect(ended.every((e) => e.reason === 'operator' && e.actor === 'alice')).toBe(true);
    expect((await adminCall(h.adminUrl, 'delete', base(SEEDED.verified))).body).toEqual({ ended: 0 });
    const metrics = await h.metrics.registry.metrics();
    expect(metrics).toMatch(/bff_sessions_ended_total\{reason="operator"\} \d+/);
  });

  it('refreshes an investor’s facts: those kept beside each session are dropped, the sessions stay', async () => {
    const { chrome, firefox } = await twoSessions(SEEDED.verified);
    const res = await adminCall(h.adminUrl, 'post', `/admin/investors/${SEEDED.verified}/facts/refresh`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ refreshed: true });
    for (const c of [chrome, firefox]) expect(await keysOf(c)).toEqual({ session: 1, facts: 0, index: 1 });
    expect((await auditEvents())[0]).toMatchObject({
      type: 'admin_action',
      action: 'refresh_facts',
      actor: 'alice',
    });
  });

  it('refuses a reason over 200 characters or with control characters, and unknown parameters', async () => {
    const path = base(SEEDED.verified);
    for (const q of [
      `reason=${'a'.repeat(201)}`,
      'reason=a%0Ab',
      'reason=a%00',
      // Line and paragraph separators: a log viewer breaks lines at them.
      'reason=a%E2%80%A8%7B%22audit%22%3Atrue%7D',
      'reason=a%E2%80%A9b',
      'reason=a&reason=b',
      'force=1',
    ]) {
      const res = await adminCall(h.adminUrl, 'delete', `${path}?${q}`);
      expect([q, res.status, res.body.error]).toEqual([q, 400, 'invalid_request']);
    }
    expect((await adminCall(h.adminUrl, 'delete', `${path}?reason=${'é'.repeat(200)}`)).status).toBe(200);
  });

  it('answers 405 for other methods and 404 elsewhere, after the token check', async () => {
    expect((await adminCall(h.adminUrl, 'post', base(SEEDED.verified))).status).toBe(405);
    expect((await adminCall(h.adminUrl, 'get', '/admin/nothing')).status).toBe(404);
    expect((await request(h.adminUrl).get('/admin/nothing')).status).toBe(401);
  });

  it('writes no investor id in its access lines', async () => {
    const lines = h.logs.filter((l) => l.includes('"http_request"') && l.includes('/admin/'));
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(l).not.toContain(SEEDED.verified);
    expect(lines.some((l) => l.includes('/admin/investors/:investorId/sessions/:handle'))).toBe(true);
  });
});
