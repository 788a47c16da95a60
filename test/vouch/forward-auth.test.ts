import net from 'node:net';
import { startHarness, Harness } from '../helpers/harness';
import { SEEDED } from '../../src/simulator';
import { authRequest, policyFile, signingKey, verifyAssertion } from '../helpers/vouch';

const POLICY = `
policies:
  verified: { verified: true }
  eligible: { verified: true, investorTypes: [individual], countries: { deny: [DE] }, usStates: { deny: [TX] }, accredited: true }
rules:
  - { path: /invest, methods: [GET, POST], policy: eligible }
  - { path: /portfolio, policy: verified, audience: portfolio-service }
  - { path: /, policy: null }
`;

describe('forward-auth: GET /auth on its own listener', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        FORWARD_AUTH_PORT: '0',
        POLICY_FILE: policyFile(POLICY),
        ASSERTION_SIGNING_KEYS: signingKey('k1'),
      },
    });
  });
  afterAll(() => h.close());

  const auth = (
    cookie: string | undefined,
    method: string,
    uri: string,
    headers: Record<string, string> = {},
  ) => authRequest(h.faUrl, { method, uri }, { ...(cookie && { Cookie: cookie }), ...headers });

  test('no session: 401 with X-Auth-Reason, nothing vouched', async () => {
    const res = await auth(undefined, 'GET', '/invest');
    expect(res.status).toBe(401);
    expect(res.headers['x-auth-reason']).toBe('login_required');
    expect(res.headers['x-investor-assertion']).toBeUndefined();
  });

  test('a verified investor is vouched for with a signed assertion that carries the facts and no personal data', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const res = await auth(cookie!, 'GET', '/invest/offerings?x=1');
    expect(res.status).toBe(200);
    expect(res.headers['x-investor-id']).toBe(SEEDED.verified);
    const jwt = String(res.headers['x-investor-assertion']);
    const { payload, protectedHeader } = await verifyAssertion(h.url, jwt, {
      issuer: 'http://bff.test',
      audience: 'http://app.test',
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'k1' });
    expect(payload).toMatchObject({
      sub: SEEDED.verified,
      verification_status: 'verified',
      verified: true,
      investor_type: 'individual',
      country: 'US',
      us_state: 'CA',
      accredited: true,
    });
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(typeof payload.jti).toBe('string');
    expect(typeof payload.facts_at).toBe('number');
    const text = JSON.stringify(payload);
    for (const secret of ['victor', 'Vance', 'example.com', cookie!.split('=')[1]!.slice(4, 20)])
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    expect(Object.keys(payload).sort()).toEqual(
      [
        'accredited',
        'aud',
        'country',
        'exp',
        'facts_at',
        'iat',
        'investor_type',
        'iss',
        'jti',
        'sid',
        'sub',
        'us_state',
        'verification_status',
        'verified',
      ].sort(),
    );
  });

  test("a rule's own audience is the assertion's audience", async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const res = await auth(cookie!, 'GET', '/portfolio');
    expect(res.status).toBe(200);
    const jwt = String(res.headers['x-investor-assertion']);
    await expect(
      verifyAssertion(h.url, jwt, { issuer: 'http://bff.test', audience: 'http://app.test' }),
    ).rejects.toThrow(/aud/);
    await verifyAssertion(h.url, jwt, { issuer: 'http://bff.test', audience: 'portfolio-service' });
  });

  test('an investor who has not finished KYC gets kyc_required with the verification page', async () => {
    const { cookie } = await h.login(SEEDED.processing);
    const res = await auth(cookie!, 'GET', '/invest');
    expect(res.status).toBe(403);
    expect(res.headers['x-auth-reason']).toBe('kyc_required');
    expect(res.body).toMatchObject({ error: 'kyc_required', reason: 'verified' });
    expect(res.body.action).toMatch(/#\/profile\/verification\/type\?issuerId=/);
    expect(res.headers['x-auth-action']).toBe(res.body.action);
    expect(res.headers['x-investor-assertion']).toBeUndefined();
    // A rule that needs only a session still vouches.
    expect((await auth(cookie!, 'GET', '/home')).status).toBe(200);
  });

  test('an entity is not eligible where individuals are required, and the reason says which requirement', async () => {
    const { cookie } = await h.login(SEEDED.entity);
    const res = await auth(cookie!, 'GET', '/invest');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'not_eligible', reason: 'investorTypes' });
    expect(res.headers['x-auth-requirement']).toBe('investorTypes');
  });

  test('an unsafe original method needs X-CSRF and passes the Origin / Sec-Fetch-Site checks', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    expect((await auth(cookie!, 'POST', '/invest')).headers['x-auth-reason']).toBe('csrf_required');
    const foreign = await auth(cookie!, 'POST', '/invest', { 'X-CSRF': '1', Origin: 'https://evil.test' });
    expect([foreign.status, foreign.headers['x-auth-reason']]).toEqual([403, 'forbidden_origin']);
    const crossSite = await auth(cookie!, 'POST', '/invest', {
      'X-CSRF': '1',
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(crossSite.headers['x-auth-reason']).toBe('forbidden_origin');
    const own = await auth(cookie!, 'POST', '/invest', { 'X-CSRF': '1', Origin: 'http://app.test' });
    expect(own.status).toBe(200);
  });

  test('a method the longest rule does not list is refused, never passed to a shorter rule', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const res = await auth(cookie!, 'DELETE', '/invest/1', { 'X-CSRF': '1' });
    expect([res.status, res.headers['x-auth-reason']]).toEqual([403, 'method_not_allowed']);
    // HEAD goes with GET.
    expect((await auth(cookie!, 'HEAD', '/invest/1')).status).toBe(200);
  });

  test('path tricks never get a weaker rule than the normalised path deserves', async () => {
    const { cookie } = await h.login(SEEDED.processing);
    const tricks = [
      '/x/../invest',
      '//invest',
      '/invest;a',
      '/INVEST',
      '/Invest/',
      '/%69nvest',
      '/./invest/./x',
      '/home/../invest?next=/',
      '/%2e%2e/invest',
      '/%2finvest',
      '/invest%2fx',
      '/invest\\x',
      '/invest%00',
      '/invest%zz',
      'invest',
      '/invest#x',
      '/../invest',
    ];
    for (const uri of tricks) {
      const res = await auth(cookie!, 'GET', uri);
      // Either the /invest rule's decision (kyc_required) or refused outright: never the / rule's 200.
      expect([uri, res.status]).toEqual([uri, 403]);
      expect(['kyc_required', 'path_rejected']).toContain(res.headers['x-auth-reason']);
    }
    // Whole segments: /investor is not /invest.
    expect((await auth(cookie!, 'GET', '/investor')).status).toBe(200);
  });

  test("only the configured header pair is read: Traefik's pair cannot override nginx's, and a repeated header is refused", async () => {
    const { cookie } = await h.login(SEEDED.processing);
    const spoofed = await auth(cookie!, 'GET', '/invest', {
      'X-Forwarded-Method': 'GET',
      'X-Forwarded-Uri': '/home',
    });
    expect(spoofed.headers['x-auth-reason']).toBe('kyc_required');
    const missing = await authRequest(h.faUrl, { method: 'GET', uri: '/home' }).unset('X-Original-URI');
    expect(missing.status).toBe(403);
    // Two X-Original-URI lines: refused rather than picking one.
    const raw = await rawAuth(h.faUrl, cookie!, ['X-Original-URI: /home', 'X-Original-URI: /invest']);
    expect(raw).toMatch(/^HTTP\/1\.1 403/);
  });

  test('forward-auth is not on the public port, and the assertion is in no public response nor any log line', async () => {
    expect((await h.get('/auth')).status).toBe(404);
    const { cookie } = await h.login(SEEDED.verified);
    const jwt = String((await auth(cookie!, 'GET', '/invest')).headers['x-investor-assertion']);
    expect(jwt.split('.')).toHaveLength(3);
    const signature = jwt.split('.')[2]!;
    for (const r of h.responses) expect(JSON.stringify(r)).not.toContain(signature);
    expect(h.logs.join('\n')).not.toContain(signature);
  });
});

/** A hand-written request, for headers supertest would merge. */
async function rawAuth(faUrl: string, cookie: string, lines: string[]): Promise<string> {
  const { port } = new URL(faUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(
        [
          'GET /auth HTTP/1.1',
          'Host: x',
          `Cookie: ${cookie}`,
          'X-Original-Method: GET',
          ...lines,
          'Connection: close',
          '',
          '',
        ].join('\r\n'),
      );
    });
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('forward-auth metrics', () => {
  test('decisions and facts fetches are counted, with closed label sets', async () => {
    const h = await startHarness({
      env: {
        FORWARD_AUTH_PORT: '0',
        POLICY_FILE: policyFile(POLICY),
        ASSERTION_SIGNING_KEYS: signingKey('m1'),
      },
    });
    try {
      const verified = (await h.login(SEEDED.verified)).cookie!;
      const processing = (await h.login(SEEDED.processing)).cookie!;
      await authRequest(h.faUrl, { method: 'GET', uri: '/invest' }, { Cookie: verified });
      await authRequest(h.faUrl, { method: 'GET', uri: '/invest' }, { Cookie: processing });
      await authRequest(h.faUrl, { method: 'GET', uri: '/invest' });
      const text = await h.metrics.registry.metrics();
      const rule = 'via="forward_auth",rule="/invest"';
      expect(text).toContain(`bff_vouch_decisions_total{${rule},outcome="allowed"} 1`);
      expect(text).toContain(`bff_vouch_decisions_total{${rule},outcome="kyc_required"} 1`);
      expect(text).toContain(`bff_vouch_decisions_total{${rule},outcome="login_required"} 1`);
      expect(text).toContain('bff_kyc_facts_fetches_total{outcome="success"} 2');
    } finally {
      await h.close();
    }
  });
});

describe('forward-auth: a path no rule covers', () => {
  const RULES = `
policies:
  verified: { verified: true }
rules:
  - { path: /app, policy: verified }
  - { path: /hooks/payments, methods: [POST], policy: null, allowCrossSite: true }
`;
  const harnessWith = (extra: string) =>
    startHarness({
      env: {
        FORWARD_AUTH_PORT: '0',
        POLICY_FILE: policyFile(RULES + extra),
        ASSERTION_SIGNING_KEYS: signingKey('d1'),
      },
    });

  test('is refused under the default deny with no_rule, before the session is looked at (logged in or not)', async () => {
    const h = await harnessWith('');
    try {
      const verified = (await h.login(SEEDED.verified)).cookie!;
      for (const cookie of [undefined, verified, 'sid=s%3Aforged.sig']) {
        const res = await authRequest(
          h.faUrl,
          { method: 'GET', uri: '/elsewhere' },
          cookie ? { Cookie: cookie } : {},
        );
        expect([res.status, res.headers['x-auth-reason'], res.body.error]).toEqual([
          403,
          'no_rule',
          'no_rule',
        ]);
        expect(res.headers['x-investor-assertion']).toBeUndefined();
      }
      // The rule itself still decides: its own paths, and a shorter path is not covered by it.
      expect(
        (await authRequest(h.faUrl, { method: 'GET', uri: '/app/x' }, { Cookie: verified })).status,
      ).toBe(200);
      expect((await authRequest(h.faUrl, { method: 'GET', uri: '/' }, { Cookie: verified })).status).toBe(
        403,
      );
      // Redis frozen: a path no rule covers is still refused at once (403, not 503): no session was read.
      h.redisChild.freeze();
      try {
        const frozen = await authRequest(h.faUrl, { method: 'GET', uri: '/elsewhere' }, { Cookie: verified });
        expect([frozen.status, frozen.headers['x-auth-reason']]).toEqual([403, 'no_rule']);
      } finally {
        h.redisChild.thaw();
      }
      const text = await h.metrics.registry.metrics();
      expect(text).toContain('bff_vouch_decisions_total{via="forward_auth",rule="none",outcome="no_rule"} 5');
      expect(text).toContain('bff_vouch_decisions_total{via="forward_auth",rule="/app",outcome="allowed"} 1');
    } finally {
      await h.close();
    }
  });

  test('default: session lets a live session through; default: { policy } applies that policy', async () => {
    const session = await harnessWith('default: session\n');
    try {
      const processing = (await session.login(SEEDED.processing)).cookie!;
      expect(
        (await authRequest(session.faUrl, { method: 'GET', uri: '/x' }, { Cookie: processing })).status,
      ).toBe(200);
      expect((await authRequest(session.faUrl, { method: 'GET', uri: '/x' })).status).toBe(401);
      const text = await session.metrics.registry.metrics();
      expect(text).toContain(
        'bff_vouch_decisions_total{via="forward_auth",rule="default",outcome="allowed"} 1',
      );
    } finally {
      await session.close();
    }
    const policy = await harnessWith('default: { policy: verified }\n');
    try {
      const processing = (await policy.login(SEEDED.processing)).cookie!;
      const verified = (await policy.login(SEEDED.verified)).cookie!;
      const denied = await authRequest(policy.faUrl, { method: 'GET', uri: '/x' }, { Cookie: processing });
      expect([denied.status, denied.headers['x-auth-reason']]).toEqual([403, 'kyc_required']);
      expect(
        (await authRequest(policy.faUrl, { method: 'GET', uri: '/x' }, { Cookie: verified })).status,
      ).toBe(200);
    } finally {
      await policy.close();
    }
  });

  test('a rule with allowCrossSite takes an unsafe method from another site; every other rule still refuses it', async () => {
    const h = await harnessWith('');
    try {
      const cookie = (await h.login(SEEDED.verified)).cookie!;
      const foreign = { Cookie: cookie, Origin: 'https://psp.example', 'Sec-Fetch-Site': 'cross-site' };
      expect((await authRequest(h.faUrl, { method: 'POST', uri: '/hooks/payments' }, foreign)).status).toBe(
        200,
      );
      const app = await authRequest(h.faUrl, { method: 'POST', uri: '/app/orders' }, foreign);
      expect([app.status, app.headers['x-auth-reason']]).toEqual([403, 'forbidden_origin']);
    } finally {
      await h.close();
    }
  });
});
