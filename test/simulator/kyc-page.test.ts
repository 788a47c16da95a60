import request from 'supertest';
import { createSimulator, SEEDED } from '../../src/simulator';
import { SEED_INVESTORS } from '../../src/simulator/fixtures';
import { dataOf, investorGet, loginAs } from './helpers';
import { startReceiver, subscribe } from './domain-helpers';

describe('GET and POST /__control/kyc, the page for people', () => {
  it('sets a status from a plain form, notifies, and shows the result without the receiver’s secret path', async () => {
    const sim = createSimulator();
    const receiver = await startReceiver();
    await subscribe(sim, receiver.url);
    const tokens = await loginAs(sim, SEEDED.verified);
    const before = await request(sim.app).get('/__control/kyc');
    const posted = await request(sim.app)
      .post('/__control/kyc')
      .type('form')
      .send({ investorId: SEEDED.verified, status: 'manual-review' });
    const after = await request(sim.app).get('/__control/kyc');
    const profile = dataOf((await investorGet(sim, '', tokens.accessToken)).body, 'wrapped');
    await receiver.close();

    expect(before.status).toBe(200);
    expect(before.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(before.text).toContain(`<code>${sim.control.externalIdOf(SEEDED.verified)}</code>`);
    expect(before.text).toContain('No deliveries yet.');
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe('/__control/kyc');
    expect(receiver.received).toHaveLength(1);
    expect(profile).toMatchObject({ verificationStatus: 'manual-review' });
    expect(after.text).toMatch(/<td>delivered<\/td><td>1 try: 200<\/td>/);
    expect(after.text).toContain('<option selected>manual-review</option>');
    expect(after.text).not.toContain('some-long-token');
  });

  it('escapes what it shows, and refuses a bad form', async () => {
    const sim = createSimulator();
    const odd = structuredClone(SEED_INVESTORS[0]!);
    odd.profile.investorId = 'b1b2b3b4b5b6b7b8b9b0c1c2';
    odd.profile.fullName = '<img src=x onerror=alert(1)>';
    sim.control.putInvestor(odd);
    const page = await request(sim.app).get('/__control/kyc');
    const bad = await request(sim.app)
      .post('/__control/kyc')
      .type('form')
      .send({ investorId: SEEDED.verified });
    const unknown = await request(sim.app)
      .post('/__control/kyc')
      .type('form')
      .send({ investorId: 'x', status: 'verified' });

    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect([bad.status, unknown.status]).toEqual([400, 404]);
  });
});
