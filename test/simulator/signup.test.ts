import request from 'supertest';
import { createSimulator, SEEDED } from '../../src/simulator';
import { CLIENT_ID, exchange, investorGet } from './helpers';
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

describe('sign-up inside the login', () => {
  it('takes a new investor through every step over 45 minutes and back to the app with a working code', async () => {
    const startedAt = Date.UTC(2026, 5, 1, 9, 0, 0);
    let now = startedAt;
    const sim = createSimulator({ now: () => now });

    const start = await startSignup(sim);
    expect(start.status).toBe(303);
    expect(start.headers.location).toMatch(/^\/signup\/[0-9a-f]{32}\/account$/);
    const base = String(start.headers.location).replace(/\/account$/, '');

    const steps: Array<[string, Record<string, string>, string]> = [
      ['account', ACCOUNT, 'identity'],
      ['identity', US_INDIVIDUAL, 'documents'],
      ['documents', { docType: 'passport' }, 'consent'],
    ];
    for (const [step, body, next] of steps) {
      const page = await getStep(sim, `${base}/${step}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(
        `<form id="signup-form" class="signup" method="post" action="${base}/${step}">`,
      );
      const posted = await postStep(sim, `${base}/${step}`, body);
      expect(posted.status).toBe(303);
      expect(posted.headers.location).toBe(`${base}/${next}`);
      now += 15 * MINUTE;
    }

    const consentPage = await getStep(sim, `${base}/consent`);
    expect(consentPage.text).toContain(`<code id="app-client-id">${CLIENT_ID}</code>`);
    expect(consentPage.text).toContain('<li>info</li><li>details</li><li>verification</li>');
    expect(consentPage.text).toContain('id="approve">Share and continue</button>');
    const approved = await postStep(sim, `${base}/consent`, { action: 'approve' });

    expect(approved.status).toBe(303);
    expect(approved.headers.location).toMatch(
      /^http:\/\/localhost:3000\/callback\/STATE\?code=[0-9a-f-]{36}&country=US$/,
    );
    const code = new URL(String(approved.headers.location)).searchParams.get('code') ?? '';
    const tokens = await exchange(sim, code);
    expect(tokens.status).toBe(200);
    const investorId = tokens.body.investorId as string;
    expect(investorId).toMatch(/^[0-9a-f]{24}$/);
    expect(Object.values(SEEDED)).not.toContain(investorId);

    const profile = (await investorGet(sim, '', tokens.body.accessToken)).body.data;
    expect(profile).toEqual({
      investorId,
      email: 'sam@example.com',
      fullName: 'Sam Signup Example',
      verificationStatus: 'processing',
      tfaEnabled: false,
      language: 'en',
      createDate: new Date(startedAt).toISOString(),
      details: {
        investorType: 'individual',
        firstName: 'Sam',
        lastName: 'Signup Example',
        birthday: '1991-04-05T00:00:00.000Z',
        address: { countryCode: 'US', state: 'CA' },
      },
      domainInvestorDetails: {
        taxInfo: [],
        isUsaTaxResident: true,
        isAccredited: false,
        investorFullName: 'Sam Signup Example',
      },
    });
  });

  it('serves the new investor on every investor endpoint, to control.issueCode, and on the login page', async () => {
    const sim = createSimulator({ now: () => Date.UTC(2026, 5, 1) });
    const base = await signupBase(sim);
    await upToConsent(sim, base);
    const approved = await postStep(sim, `${base}/consent`, { action: 'approve' });
    const tokens = (
      await exchange(sim, new URL(String(approved.headers.location)).searchParams.get('code') ?? '')
    ).body;
    const get = (path: string) => investorGet(sim, path, tokens.accessToken);

    const verification = (await get('/verification')).body.data;
    const documents = (await get('/documents')).body.data as Array<{ documentId: string }>;
    expect(verification).toMatchObject({ investorId: tokens.investorId, status: 'processing', errors: [] });
    expect(documents).toEqual([
      expect.objectContaining({
        docType: 'passport',
        docCategory: 'identification',
        verificationStatus: 'pending',
      }),
    ]);
    const view = (await get(`/documents/${documents[0]?.documentId}/view`)).body.data;
    expect((await request(sim.app).get(new URL(view.url).pathname)).status).toBe(200);
    expect((await get('/signers')).body.data).toEqual([]);
    expect((await get('/domain/wallets')).body.data).toEqual([]);

    expect((await exchange(sim, sim.control.issueCode(tokens.investorId))).body.investorId).toBe(
      tokens.investorId,
    );
    const loginPage = (await request(sim.app).get('/')).text;
    expect(loginPage).toContain(`data-investor-id="${tokens.investorId}"`);
    expect(loginPage).toContain('Sam Signup Example');
    const again = await request(sim.app).post('/login/approve').type('form').send({
      issuerId: CLIENT_ID,
      redirecturl: CALLBACK,
      action: 'approve',
      investorId: tokens.investorId,
    });
    expect(new URL(String(again.headers.location)).searchParams.get('authorized')).toBe('true');

    sim.control.reset();
    expect(() => sim.control.issueCode(tokens.investorId)).toThrow(/unknown investorId/);
    expect((await request(sim.app).get('/')).text).not.toContain('Sam Signup Example');
  });

  it('signs up an entity, and composes the callback with the current style', async () => {
    const sim = createSimulator({ callbackStyle: 'question' });
    sim.control.setCallbackStyle('encoded');
    const base = await signupBase(sim, { redirecturl: 'http://localhost:3000/callback?state=S' });
    const entity = {
      investorType: 'entity',
      country: 'sg',
      usState: '',
      birthDate: '2015-06-30',
      entityName: 'Example Holdings Pte. Ltd.',
    };
    const documentsPage = async () => (await getStep(sim, `${base}/documents`)).text;
    await postStep(sim, `${base}/account`, { fullName: 'Ada', email: 'ada@example.com' });
    await postStep(sim, `${base}/identity`, entity);
    expect(await documentsPage()).toContain('<option value="certificate-of-incorporation">');
    expect(await documentsPage()).not.toContain('<option value="passport">');
    await postStep(sim, `${base}/documents`, { docType: 'certificate-of-incorporation' });
    const approved = await postStep(sim, `${base}/consent`, { action: 'approve' });

    expect(approved.headers.location).toMatch(
      /^http:\/\/localhost:3000\/callback%3Fstate%3DS\?code=[0-9a-f-]{36}&country=SG$/,
    );
    const code = /code=([0-9a-f-]{36})/.exec(String(approved.headers.location))?.[1] ?? '';
    const tokens = (await exchange(sim, code)).body;
    const profile = (await investorGet(sim, '', tokens.accessToken)).body.data;
    expect(profile.details).toEqual({
      investorType: 'entity',
      firstName: 'Ada',
      birthday: '2015-06-30T00:00:00.000Z',
      entityName: 'Example Holdings Pte. Ltd.',
      address: { countryCode: 'SG' },
    });
    expect(profile.domainInvestorDetails).toMatchObject({ isAccredited: false, isUsaTaxResident: false });
    const docs = (await investorGet(sim, '/documents', tokens.accessToken)).body.data;
    expect(docs[0]).toMatchObject({ docType: 'certificate-of-incorporation', fileType: 'application/pdf' });
  });

  it('goes back to the app with nothing added on cancel, creating no investor', async () => {
    const sim = createSimulator();
    const base = await signupBase(sim, { redirecturl: `${CALLBACK}?s=1` });
    await upToConsent(sim, base);
    const cancelled = await postStep(sim, `${base}/consent`, { action: 'cancel' });

    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.location).toBe(`${CALLBACK}?s=1`);
    expect((await request(sim.app).get('/')).text).not.toContain('Sam Signup Example');
    expect((await getStep(sim, `${base}/consent`)).status).toBe(404);
  });

  it('shows earlier steps again with what was entered, and redoing one undoes the later ones', async () => {
    const sim = createSimulator();
    const base = await signupBase(sim);
    await upToConsent(sim, base);
    const identity = await getStep(sim, `${base}/identity`);
    await postStep(sim, `${base}/identity`, { ...US_INDIVIDUAL, usState: 'NY' });

    expect(identity.text).toContain('name="usState" id="field-usState" value="CA"');
    expect(identity.text).toContain('<option value="individual" selected>');
    expect((await getStep(sim, `${base}/consent`)).status).toBe(409);
    expect((await getStep(sim, `${base}/documents`)).text).toContain('<option value="passport" selected>');
  });
});
