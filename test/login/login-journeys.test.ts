import { createHash } from 'node:crypto';
import request from 'supertest';
import { SEEDED, type CallbackStyle } from '../../src/simulator';
import { parseSetCookies } from '../helpers/cookies';
import {
  approveAt,
  CLIENT_ID,
  Harness,
  startHarness,
  stateOf,
  storedSession,
  txKeyOf,
} from '../helpers/harness';

const MINUTE = 60_000;
let offset = 0;
const now = () => Date.now() + offset;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now });
});
afterAll(async () => {
  expect(h.sim.control.stats().refreshTokenReuse).toBe(0);
  await h.close();
});
beforeEach(() => {
  offset = 0;
  h.sim.control.reset();
});

const me = (cookie: string) => h.get('/api/me', { Cookie: cookie, 'X-CSRF': '1' });
const txOf = (res: { headers: Record<string, unknown> }) =>
  `tx=${parseSetCookies(res.headers['set-cookie'] as string[]).find((c) => c.name === 'tx')!.value}`;

/**
 * A new investor's journey inside the login: /login, then the simulator's sign-up (account,
 * identity, documents, consent), 15 minutes on the shared clock per step, then the callback.
 */
async function signUpThroughLogin(harness: Harness) {
  const login = await harness.get('/login?returnTo=/welcome');
  const tx = txOf(login);
  const fragment = new URLSearchParams(String(login.headers.location).split('#/authorize?')[1]);
  const sim = request(harness.simUrl);
  const start = await sim
    .post('/signup/start')
    .type('form')
    .send({ issuerId: CLIENT_ID, scope: fragment.get('scope'), redirecturl: fragment.get('redirecturl') });
  expect(start.status).toBe(303);
  const base = String(start.headers.location).replace(/\/account$/, '');
  const steps: Array<[string, Record<string, string>]> = [
    ['account', { fullName: 'Nora New Investor', email: 'nora@example.com' }],
    [
      'identity',
      { investorType: 'individual', country: 'US', usState: 'NY', birthDate: '1990-02-03', entityName: '' },
    ],
    ['documents', { docType: 'passport' }],
  ];
  for (const [step, body] of steps) {
    offset += 15 * MINUTE;
    expect((await sim.post(`${base}/${step}`).type('form').send(body)).status).toBe(303);
  }
  const approve = await sim.post(`${base}/consent`).type('form').send({ action: 'approve' });
  expect(approve.status).toBe(303);
  const back = new URL(String(approve.headers.location));
  const callback = await harness.get(back.pathname + back.search, { Cookie: tx });
  return {
    login,
    tx,
    callback,
    cookie: parseSetCookies(callback.headers['set-cookie']).find((c) => c.name === 'sid'),
  };
}

describe('long logins: a new investor signs up and does KYC inside the login', () => {
  it('a 45-minute sign-up ends logged in as the new investor; Redis would keep the transaction that long too', async () => {
    const journey = signUpThroughLogin(h);
    const { login, callback, cookie } = await journey;
    // Redis keeps its own time: the record was created with an hour to live.
    expect(login.headers['set-cookie']!.toString()).toContain('Max-Age=3600');
    expect(callback.headers.location).toBe('http://app.test/welcome');
    const session = await storedSession(h.redis, `sid=${cookie!.value}`);
    expect(session!.investorId).toMatch(/^[0-9a-f]{24}$/);
    expect(Object.values(SEEDED)).not.toContain(session!.investorId);
    const investor = await h.get('/api/investor', { Cookie: `sid=${cookie!.value}`, 'X-CSRF': '1' });
    expect(investor.body).toMatchObject({ verificationStatus: 'processing', verified: false, country: 'US' });
  });

  it('the transaction record lives LOGIN_TRANSACTION_TTL in Redis', async () => {
    const login = await h.get('/login');
    const ttl = await h.redisChild.admin.ttl(txKeyOf(txOf(login).split('=')[1]!));
    expect(ttl).toBeGreaterThan(45 * 60);
    expect(ttl).toBeLessThanOrEqual(3600);
  });

  it('with LOGIN_TRANSACTION_TTL=300 the same journey ends on invalid_state (the BFF checks the age on its own clock)', async () => {
    const short = await startHarness({
      now,
      redis: h.redisChild,
      shareSimulatorOf: h,
      env: { LOGIN_TRANSACTION_TTL: '300' },
    });
    try {
      const { callback, cookie } = await signUpThroughLogin(short);
      expect(callback.headers.location).toBe('http://app.test/?error=invalid_state');
      expect(cookie).toBeUndefined();
    } finally {
      await short.close();
    }
  });
});

const STYLES: CallbackStyle[] = ['auto', 'question', 'ampersand', 'encoded'];

describe('every way Securitize may append its parameters', () => {
  it.each(STYLES)('style %s: the login finishes (redirect URL /callback/<state>)', async (style) => {
    h.sim.control.setCallbackStyle(style);
    const r = await h.login(SEEDED.verified, { returnTo: '/after' });
    expect(r.callback.headers.location).toBe('http://app.test/after');
    expect((await me(r.cookie!)).body.investorId).toBe(SEEDED.verified);
    expect((await me(r.cookie!)).body.country).toBe('US');
  });

  it.each(STYLES)(
    'style %s: a login started before the upgrade (redirect URL /callback?state=, one-login record) still finishes',
    async (style) => {
      h.sim.control.setCallbackStyle(style);
      const id = 'L'.repeat(24);
      const state = 'S'.repeat(43);
      const stateHash = createHash('sha256').update(state).digest('base64url');
      await h.redisChild.admin.set(
        `tx:${id}`,
        JSON.stringify({ stateHash, returnTo: '/legacy', createdAt: now() }),
        'EX',
        300,
      );
      const location = `${h.simUrl}/#/authorize?issuerId=${CLIENT_ID}&scope=info%20details%20verification&redirecturl=${encodeURIComponent(`http://bff.test/callback?state=${state}`)}`;
      const { callbackPath } = await approveAt(h.simUrl, location, SEEDED.verified);
      const done = await h.get(callbackPath, { Cookie: `tx=${id}` });
      expect(done.headers.location).toBe('http://app.test/legacy');
      expect(await h.redisChild.admin.exists(`tx:${id}`)).toBe(0);
    },
  );

  it('a legacy record is taken only with its own state', async () => {
    const id = 'M'.repeat(24);
    const stateHash = createHash('sha256').update('T'.repeat(43)).digest('base64url');
    await h.redisChild.admin.set(
      `tx:${id}`,
      JSON.stringify({ stateHash, returnTo: '/', createdAt: now() }),
      'EX',
      300,
    );
    const res = await h.get(`/callback?state=${'U'.repeat(43)}&code=x`, { Cookie: `tx=${id}` });
    expect(res.headers.location).toBe('http://app.test/?error=invalid_state');
    expect(await h.redisChild.admin.exists(`tx:${id}`)).toBe(1);
  });

  it('the logs never show the callback path (it carries the state, and with & the code)', async () => {
    h.sim.control.setCallbackStyle('ampersand');
    const r = await h.login(SEEDED.verified);
    const logs = h.logs.join('\n');
    expect(logs).not.toContain(r.code);
    expect(logs).not.toContain(stateOf(r.login.headers.location));
    expect(logs).toContain('/callback/:state');
  });

  it('nor any other path that could carry a code: another letter case, another path, an encoded name', async () => {
    h.logs.length = 0;
    for (const path of [
      '/CALLBACK/AAAA&code=LEAKA1',
      '/Callback/AAAA&code=LEAKA2',
      '/anything&code=LEAKA3',
      '/%63allback/AAAA&code=LEAKA4',
      '/x;code=LEAKA5',
    ])
      await h.get(path);
    expect(h.logs.join('\n')).not.toMatch(/LEAKA/);
  });
});
