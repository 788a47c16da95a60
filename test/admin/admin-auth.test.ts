import request from 'supertest';
import { rawExchange } from '../helpers/raw-client';
import { startHarness, Harness } from '../helpers/harness';
import { adminEnv, ALICE, BOB } from './admin-helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: adminEnv() });
});
afterAll(() => h.close());

const refusedCount = async () => {
  const text = await h.metrics.registry.metrics();
  return Number(/bff_refused_total\{kind="admin_token"\} (\d+)/.exec(text)?.[1] ?? 0);
};
const PATH = '/admin/audit?limit=1';

describe('the admin API: bearer tokens (ADMIN_TOKENS)', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', `Bearer ${'x'.repeat(ALICE.length - 1)}Z`],
    ['the right token one character short', `Bearer ${ALICE.slice(0, -1)}`],
    ['the right token with one character more', `Bearer ${ALICE}0`],
    ['the right token in another letter case', `Bearer ${ALICE.toUpperCase()}`],
    ['the right token without the scheme', ALICE],
    ['the right token under Basic', `Basic ${ALICE}`],
    ['the two tokens joined', `Bearer ${ALICE},${BOB}`],
    ['an empty bearer', 'Bearer '],
  ])('%s: 401 unauthorized, the same answer every time, counted', async (_what, header) => {
    const before = await refusedCount();
    const req = request(h.adminUrl).get(PATH);
    const res = await (header === undefined ? req : req.set('Authorization', header));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: 'unauthorized',
      message: 'Unauthorized.',
      requestId: expect.any(String),
    });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="admin"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await refusedCount()).toBe(before + 1);
  });

  it("accepts each operator's token, the scheme in any letter case", async () => {
    for (const auth of [`Bearer ${ALICE}`, `bearer ${BOB}`, `BEARER ${ALICE}`]) {
      const res = await request(h.adminUrl).get(PATH).set('Authorization', auth);
      expect(res.status).toBe(200);
    }
  });

  it('logs the refusals at a bounded rate, and never the token presented', async () => {
    const before = h.logs.filter((l) => l.includes('"request_refused"')).length;
    for (let i = 0; i < 20; i++)
      await request(h.adminUrl)
        .get(PATH)
        .set('Authorization', `Bearer ${ALICE.slice(0, -1)}`);
    const lines = h.logs.filter((l) => l.includes('"request_refused"'));
    // And no per-request error line for them: the refusal count is their only log line.
    expect(h.logs.filter((l) => l.includes('"http_error"') && l.includes('"unauthorized"'))).toEqual([]);
    // One line per 10 s per kind: the earlier tests' first refusal logged it, so at most one more.
    expect(lines.length - before).toBeLessThanOrEqual(1);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    const all = h.logs.join('\n');
    expect(all).not.toContain(ALICE.slice(0, 12));
    expect(all).not.toContain(BOB.slice(0, 12));
    // Refusals are never audit events.
    const events = await h.redisChild.admin.xrange('audit:events', '-', '+');
    expect(events.filter(([, f]) => f[1]!.includes('unauthorized') || f[1]!.includes('refused'))).toEqual([]);
  });

  it('answers odd headers on a raw socket with 401 or 400, never a crash or a hang', async () => {
    const { port } = new URL(h.adminUrl);
    const head = (lines: string[]) =>
      `GET ${PATH} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${lines.join('\r\n')}${lines.length ? '\r\n' : ''}Connection: close\r\n\r\n`;
    const cases: Array<[string[], number[]]> = [
      // Two Authorization headers, the second right: Node keeps the first only.
      [
        [`Authorization: Bearer wrong-token-wrong-token-wrong-token`, `Authorization: Bearer ${ALICE}`],
        [401],
      ],
      [[`Authorization: Bearer\t${ALICE}`], [401]],
      [[`Authorization: Bearer  ${ALICE}`], [200]],
      [[`Authorization: Bearer ${ALICE} extra`], [401]],
      [[`Authorization: Bearer ${ALICE}\u00e9`], [401]],
      [[`Authorization: Bearer ${'A'.repeat(8000)}`], [401]],
      [[`Authorization:Bearer ${ALICE}`], [200]],
      [[`Authorization: Bearer ${ALICE.slice(0, 16)}`, ` ${ALICE.slice(16)}`], [400]],
      [[`Authorization : Bearer ${ALICE}`], [400]],
    ];
    for (const [lines, statuses] of cases) {
      const { answers } = await rawExchange(h.adminUrl, head(lines));
      expect([lines, answers.map((a) => a.status)]).toEqual([lines, statuses]);
    }
  });
});
