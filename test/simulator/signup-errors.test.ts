import request from 'supertest';
import { createSimulator, SEEDED } from '../../src/simulator';
import { CLIENT_ID, SECRET } from './helpers';
import {
  ACCOUNT,
  CALLBACK,
  getStep,
  MINUTE,
  postStep,
  signupBase,
  startSignup,
  upToConsent,
  US_INDIVIDUAL,
} from './signup-helpers';

const ENTITY = { ...US_INDIVIDUAL, investorType: 'entity', country: 'SG', usState: '', entityName: 'Acme' };

describe('sign-up: bad input', () => {
  it.each([
    ['account', { email: 'a@example.com' }, 'Enter your full name.'],
    ['account', { fullName: 'x'.repeat(101), email: 'a@example.com' }, 'at most 100 characters'],
    ['account', { fullName: 'Al', email: 'not-an-email' }, 'Enter an email address'],
    ['account', { fullName: 'Al', email: 'a b@example.com' }, 'Enter an email address'],
    ['identity', { ...US_INDIVIDUAL, investorType: 'robot' }, 'individual or an entity'],
    ['identity', { ...US_INDIVIDUAL, country: 'USA' }, 'two-letter ISO code'],
    ['identity', { ...US_INDIVIDUAL, usState: '' }, 'Enter the US state'],
    ['identity', { ...US_INDIVIDUAL, usState: 'C1' }, 'Enter the US state'],
    ['identity', { ...US_INDIVIDUAL, country: 'GB' }, 'Leave the US state empty'],
    ['identity', { ...US_INDIVIDUAL, birthDate: '1990-02-30' }, 'YYYY-MM-DD'],
    ['identity', { ...US_INDIVIDUAL, birthDate: '05/04/1991' }, 'YYYY-MM-DD'],
    ['identity', { ...US_INDIVIDUAL, birthDate: '2099-01-01' }, 'not in the future'],
    ['identity', { ...ENTITY, entityName: ' ' }, 'Enter the entity name.'],
    ['documents', { docType: 'selfie' }, 'passport, id-card, driving-license'],
    ['documents', { docType: 'certificate-of-incorporation' }, 'passport, id-card, driving-license'],
    ['consent', { action: 'maybe' }, 'Choose &#34;Share and continue&#34; or &#34;Cancel&#34;.'],
  ])('%s: %j gives 400 and says so', async (step, body, message) => {
    const sim = createSimulator();
    const base = await signupBase(sim);
    const order = ['account', 'identity', 'documents', 'consent'];
    const done: Array<[string, Record<string, string>]> = [
      ['account', ACCOUNT],
      ['identity', US_INDIVIDUAL],
      ['documents', { docType: 'passport' }],
    ];
    for (const [name, good] of done.slice(0, order.indexOf(step)))
      await postStep(sim, `${base}/${name}`, good);
    const res = await postStep(sim, `${base}/${step}`, body);

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<p id="signup-error" class="error" role="alert">');
    expect(res.text).toContain(message);
    const next = order[order.indexOf(step) + 1];
    if (next) expect((await getStep(sim, `${base}/${next}`)).status).toBe(409);
  });

  it('offers only the entity document to an entity, and refuses a passport from one', async () => {
    const sim = createSimulator();
    const base = await signupBase(sim);
    await postStep(sim, `${base}/account`, ACCOUNT);
    await postStep(sim, `${base}/identity`, ENTITY);
    const res = await postStep(sim, `${base}/documents`, { docType: 'passport' });

    expect(res.status).toBe(400);
    expect(res.text).toContain('certificate-of-incorporation');
  });

  it('shows rejected values again, escaped', async () => {
    const sim = createSimulator();
    const base = await signupBase(sim);
    const res = await postStep(sim, `${base}/account`, { fullName: '<img src=x>', email: '"><script>' });

    expect(res.status).toBe(400);
    expect(res.text).toContain('value="&#60;img src=x&#62;"');
    expect(res.text).not.toContain('<script>');
    expect(res.text).not.toContain('<img src=x>');
  });
});

describe('sign-up: order, expiry and the allow-list', () => {
  it('answers a step asked for out of order with 409 and names the next step', async () => {
    const sim = createSimulator();
    const base = await signupBase(sim);
    const early = await getStep(sim, `${base}/consent`);
    await postStep(sim, `${base}/account`, ACCOUNT);
    const skip = await postStep(sim, `${base}/documents`, { docType: 'passport' });

    expect(early.status).toBe(409);
    expect(early.text).toContain('the next step is &#34;account&#34;');
    expect(early.text).toContain(`<a id="next-step" href="${base}/account">`);
    expect(skip.status).toBe(409);
    expect(skip.text).toContain('the next step is &#34;identity&#34;');
  });

  it('answers unknown sign-ups, unknown steps and finished sign-ups with a 404 page', async () => {
    const sim = createSimulator();
    const base = await signupBase(sim);
    await upToConsent(sim, base);
    await postStep(sim, `${base}/consent`, { action: 'approve' });

    for (const res of [
      await getStep(sim, '/signup/0123456789abcdef0123456789abcdef/account'),
      await getStep(sim, `${base}/payment`),
      await postStep(sim, `${base}/consent`, { action: 'approve' }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('Sign-up not found');
    }
  });

  it('expires a sign-up 24 hours after it started, by the simulator clock', async () => {
    let now = Date.UTC(2026, 5, 1);
    const sim = createSimulator({ now: () => now });
    const base = await signupBase(sim);
    await postStep(sim, `${base}/account`, ACCOUNT);
    now += 24 * 60 * MINUTE - 1;
    expect((await getStep(sim, `${base}/identity`)).status).toBe(200);
    now += 1;

    expect((await getStep(sim, `${base}/identity`)).status).toBe(404);
    expect((await postStep(sim, `${base}/identity`, US_INDIVIDUAL)).status).toBe(404);
  });

  it('forgets sign-ups under way on reset()', async () => {
    const sim = createSimulator();
    const base = await signupBase(sim);
    sim.control.reset();

    expect((await getStep(sim, `${base}/account`)).status).toBe(404);
  });

  it('refuses a redirect URL off the allow-list or an unknown app with the same page as /login/approve', async () => {
    const sim = createSimulator();
    const cases: Array<Record<string, string>> = [
      { redirecturl: 'http://evil.test/cb' },
      { issuerId: 'nope' },
    ];
    for (const fields of cases) {
      const signup = await startSignup(sim, fields);
      const approve = await request(sim.app)
        .post('/login/approve')
        .type('form')
        .send({
          issuerId: CLIENT_ID,
          redirecturl: CALLBACK,
          action: 'approve',
          investorId: SEEDED.verified,
          ...fields,
        });

      expect(signup.status).toBe(400);
      expect(signup.headers['content-security-policy']).toBe(approve.headers['content-security-policy']);
      expect(signup.text).toBe(approve.text);
    }
  });

  it('checks the allow-list again at consent, in case it changed meanwhile', async () => {
    const sim = createSimulator();
    const base = await signupBase(sim);
    await upToConsent(sim, base);
    await request(sim.app)
      .patch(`/v1/${CLIENT_ID}`)
      .set('authorization', SECRET)
      .send({ redirectUrls: ['https://elsewhere.test/*'] });
    const res = await postStep(sim, `${base}/consent`, { action: 'approve' });

    expect(res.status).toBe(400);
    expect(res.text.toLowerCase()).toContain('redirect url not allowed');
  });
});

describe('sign-up pages', () => {
  it('is not recorded as an API call, and its pages carry the CSP and no script', async () => {
    const sim = createSimulator();
    const base = await signupBase(sim);
    const page = await getStep(sim, `${base}/account`);

    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).not.toMatch(/<script/);
    expect(page.text).toContain('<link rel="stylesheet" href="/login.css">');
    expect(sim.control.calls()).toEqual([]);
  });
});
