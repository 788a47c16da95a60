import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { createSecuritizeClient } from '../../src/securitize';
import { createSimulator, SEEDED, type Simulator } from '../../src/simulator';
import { CLIENT_ID, dataOf, exchange, investorGet, SECRET } from './helpers';

// Where the BFF sends an investor its policy turned away (kyc_required): Securitize iD's
// verification deep link, whose redirect URL is the BFF's /login.
const LOGIN = 'http://localhost:3000/login';
const deepLink = (loginUrl: string) =>
  createSecuritizeClient({
    apiUrl: 'http://127.0.0.1:1',
    loginUrl,
    clientId: CLIENT_ID,
    secret: SECRET,
    scope: 'info details verification',
    timeoutMs: 1000,
  }).verificationPageUrl(LOGIN);

/** Runs the served login.js for `hash` and returns where it sends the browser (null: it stays). */
async function scriptTarget(sim: Simulator, hash: string): Promise<string | null> {
  const script = (await request(sim.app).get('/login.js')).text;
  let replaced: string | null = null;
  const element = () => ({
    hidden: true,
    textContent: '',
    value: '',
    appendChild() {},
    addEventListener() {},
  });
  const document = { getElementById: element, querySelectorAll: () => [], createElement: element };
  const window = {
    location: { hash, reload: () => undefined, replace: (url: string) => void (replaced = url) },
    addEventListener: () => undefined,
  };
  runInNewContext(script, { window, document, URLSearchParams });
  return replaced;
}

const complete = (sim: Simulator, fields: Record<string, string>) =>
  request(sim.app)
    .post('/verification/complete')
    .type('form')
    .send({ issuerId: CLIENT_ID, scope: 'info details verification', redirecturl: LOGIN, ...fields });

async function profileAfterLogin(sim: Simulator, code: string) {
  const tokens = (await exchange(sim, code)).body as { accessToken: string };
  const profile = dataOf((await investorGet(sim, '', tokens.accessToken)).body, 'wrapped');
  const verification = dataOf((await investorGet(sim, '/verification', tokens.accessToken)).body, 'wrapped');
  return { profile, verification } as {
    profile: { investorId: string; verificationStatus: string };
    verification: { status: string; errors: string[]; updateDate: string };
  };
}

describe('the verification deep link (#/profile/verification/type?…)', () => {
  it("the login page's script sends the BFF's deep link to /verification with the same parameters", async () => {
    const sim = createSimulator();
    const link = deepLink('http://localhost:4000');
    const target = await scriptTarget(sim, link.slice(link.indexOf('#')));
    expect(target).not.toBeNull();
    const query = new URL(target!, 'http://localhost:4000');
    expect(query.pathname).toBe('/verification');
    expect(Object.fromEntries(query.searchParams)).toEqual({
      issuerId: CLIENT_ID,
      scope: 'info details verification',
      redirecturl: LOGIN,
    });
    // The login fragment is left to the login page.
    expect(await scriptTarget(sim, `#/authorize?issuerId=${CLIENT_ID}&redirecturl=${LOGIN}`)).toBeNull();
  });

  it('serves a plain form (no script) listing every investor with "Complete verification"', async () => {
    const sim = createSimulator();
    const res = await request(sim.app)
      .get('/verification')
      .query({ issuerId: CLIENT_ID, scope: 'info details', redirecturl: `${LOGIN}?x="<b>"` });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).not.toMatch(/<script/);
    expect(res.text).toContain('<h1>Identity verification (simulated)</h1>');
    expect(res.text).toContain('<form id="verification-form" method="post" action="/verification/complete">');
    expect(res.text).toContain(`<input type="hidden" name="issuerId" value="${CLIENT_ID}">`);
    expect(res.text).toContain('<input type="hidden" name="scope" value="info details">');
    // Echoed values are escaped, never markup.
    expect(res.text).toContain(
      '<input type="hidden" name="redirecturl" value="http://localhost:3000/login?x=&#34;&#60;b&#62;&#34;">',
    );
    expect(res.text).not.toContain('<b>');
    for (const investorId of Object.values(SEEDED))
      expect(res.text).toContain(
        `<button type="submit" name="investorId" value="${investorId}" id="verify-${investorId}" data-verify-investor-id="${investorId}">Complete verification</button>`,
      );
    expect(res.text).toMatch(
      /<td class="investor-name">Paula Prozess<\/td>\n<td class="investor-status">processing<\/td>/,
    );
  });

  it('refuses an unknown application or a redirect URL off its allow-list before showing anything', async () => {
    const sim = createSimulator();
    const unknown = await request(sim.app)
      .get('/verification')
      .query({ issuerId: 'nobody', redirecturl: LOGIN });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Unknown application');
    const offList = await request(sim.app)
      .get('/verification')
      .query({ issuerId: CLIENT_ID, redirecturl: 'https://elsewhere.example/login' });
    expect(offList.status).toBe(400);
    expect(offList.text).toContain('Redirect URL not allowed');
    expect(offList.text).not.toContain('verification-form');
  });

  it('"Complete verification" marks the investor verified and returns to the redirect URL with a code, as a login does', async () => {
    let now = Date.parse('2026-05-01T12:00:00.000Z');
    const sim = createSimulator({ now: () => now });
    const res = await complete(sim, { investorId: SEEDED.processing });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^http:\/\/localhost:3000\/login\?code=[0-9a-f-]{36}&country=DE$/);

    // The code logs the investor in; Securitize now says verified, in the profile and the record.
    now += 1000;
    const code = new URL(res.headers.location as string).searchParams.get('code')!;
    const { profile, verification } = await profileAfterLogin(sim, code);
    expect(profile).toMatchObject({ investorId: SEEDED.processing, verificationStatus: 'verified' });
    expect(verification).toMatchObject({
      status: 'verified',
      errors: [],
      updateDate: '2026-05-01T12:00:00.000Z',
    });
    // The login page lists the new status too.
    expect((await request(sim.app).get('/')).text).toMatch(
      /<td class="investor-name">Paula Prozess<\/td>\n<td class="investor-status">verified<\/td>/,
    );
  });

  it('gives an investor who never started KYC a verification record', async () => {
    const sim = createSimulator();
    const res = await complete(sim, { investorId: SEEDED.newInvestor });
    const code = new URL(res.headers.location as string).searchParams.get('code')!;
    const { profile, verification } = await profileAfterLogin(sim, code);
    expect(profile.verificationStatus).toBe('verified');
    expect(verification).toMatchObject({ status: 'verified', errors: [] });
  });

  it('sends authorized=true once the investor has consented to the app before, like a login', async () => {
    const sim = createSimulator();
    await request(sim.app).post('/login/approve').type('form').send({
      issuerId: CLIENT_ID,
      scope: 'info',
      redirecturl: LOGIN,
      investorId: SEEDED.rejected,
      action: 'approve',
    });
    const res = await complete(sim, { investorId: SEEDED.rejected });
    expect(new URL(res.headers.location as string).searchParams.get('authorized')).toBe('true');
  });

  it('refuses an unknown investor or a redirect URL off the allow-list, and changes nothing', async () => {
    const sim = createSimulator();
    const unknown = await complete(sim, { investorId: 'nobody' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Unknown investor');
    const offList = await complete(sim, {
      investorId: SEEDED.processing,
      redirecturl: 'https://elsewhere.example/login',
    });
    expect(offList.status).toBe(400);
    expect(offList.text).toContain('Redirect URL not allowed');
    const { profile } = await profileAfterLogin(sim, sim.control.issueCode(SEEDED.processing));
    expect(profile.verificationStatus).toBe('processing');
  });

  it('reset() forgets the verification', async () => {
    const sim = createSimulator();
    await complete(sim, { investorId: SEEDED.expired });
    sim.control.reset();
    const { profile } = await profileAfterLogin(sim, sim.control.issueCode(SEEDED.expired));
    expect(profile.verificationStatus).toBe('expired');
  });
});
