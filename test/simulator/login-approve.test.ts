import request from 'supertest';
import { createSimulator, DEV_CLIENT, SEEDED } from '../../src/simulator';
import { CLIENT_ID, exchange } from './helpers';

const CALLBACK = 'http://localhost:3000/callback';

function approve(sim: ReturnType<typeof createSimulator>, fields: Record<string, string>) {
  return request(sim.app)
    .post('/login/approve')
    .type('form')
    .send({ issuerId: CLIENT_ID, scope: 'info details verification', action: 'approve', ...fields });
}

function callbackParams(location: string | undefined): URLSearchParams {
  return new URL(location ?? 'missing:').searchParams;
}

describe('POST /login/approve', () => {
  it('redirects with ?code and country, and leaves authorized out on the first consent', async () => {
    const sim = createSimulator();
    const res = await approve(sim, { redirecturl: CALLBACK, investorId: SEEDED.verified });

    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(
      /^http:\/\/localhost:3000\/callback\?code=[0-9a-f-]{36}&country=US$/,
    );
    const code = callbackParams(res.headers.location).get('code') ?? '';
    expect(code).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const tokens = await exchange(sim, code);
    expect(tokens.body.investorId).toBe(SEEDED.verified);
  });

  it('appends with & when the redirect URL already has a query string', async () => {
    const sim = createSimulator();
    const res = await approve(sim, { redirecturl: `${CALLBACK}?state=abc%2F1`, investorId: SEEDED.entity });

    expect(res.headers.location).toMatch(
      /^http:\/\/localhost:3000\/callback\?state=abc%2F1&code=[0-9a-f-]{36}&country=SG$/,
    );
  });

  it('sends authorized=true once this investor has consented to this app before', async () => {
    const sim = createSimulator();
    await approve(sim, { redirecturl: CALLBACK, investorId: SEEDED.processing });
    const second = await approve(sim, { redirecturl: CALLBACK, investorId: SEEDED.processing });
    const other = await approve(sim, { redirecturl: CALLBACK, investorId: SEEDED.rejected });

    expect(callbackParams(second.headers.location).get('authorized')).toBe('true');
    expect(callbackParams(other.headers.location).has('authorized')).toBe(false);
  });

  it('sends authorized=false on a first consent when the toggle is on, and true after that regardless', async () => {
    const sim = createSimulator();
    const first = await approve(sim, {
      redirecturl: CALLBACK,
      investorId: SEEDED.expired,
      authorizedFalse: 'on',
    });
    const second = await approve(sim, {
      redirecturl: CALLBACK,
      investorId: SEEDED.expired,
      authorizedFalse: 'on',
    });

    expect(callbackParams(first.headers.location).get('authorized')).toBe('false');
    expect(callbackParams(second.headers.location).get('authorized')).toBe('true');
  });

  it('forgets consents on reset()', async () => {
    const sim = createSimulator();
    await approve(sim, { redirecturl: CALLBACK, investorId: SEEDED.verified });
    sim.control.reset();
    const again = await approve(sim, { redirecturl: CALLBACK, investorId: SEEDED.verified });

    expect(callbackParams(again.headers.location).has('authorized')).toBe(false);
  });

  it('refuses a redirect URL that is not on the allow-list, with an HTML page', async () => {
    const sim = createSimulator();
    for (const url of [
      'http://localhost:3001/callback',
      'https://localhost:3000/callback',
      'http://evil.test/',
    ]) {
      const res = await approve(sim, { redirecturl: url, investorId: SEEDED.verified });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text.toLowerCase()).toContain('redirect url not allowed');
    }
  });

  it('matches allow-list entries without * exactly', async () => {
    const sim = createSimulator({ clients: [{ ...DEV_CLIENT, redirectUrls: ['https://app.test/cb'] }] });
    const exact = await approve(sim, { redirecturl: 'https://app.test/cb', investorId: SEEDED.verified });
    const longer = await approve(sim, { redirecturl: 'https://app.test/cb/x', investorId: SEEDED.verified });

    expect(exact.status).toBe(303);
    expect(longer.status).toBe(400);
  });

  it('refuses an unknown issuerId', async () => {
    const sim = createSimulator();
    const res = await approve(sim, { issuerId: 'nope', redirecturl: CALLBACK, investorId: SEEDED.verified });

    expect(res.status).toBe(400);
    expect(res.text.toLowerCase()).toContain('unknown application');
    expect(res.text).not.toContain('<script>');
  });

  it('escapes what it echoes back', async () => {
    const sim = createSimulator();
    const res = await approve(sim, { issuerId: '<img src=x onerror=alert(1)>', redirecturl: CALLBACK });

    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toContain('&#60;img');
  });

  it('sends the browser back unchanged on cancel, and issues no code', async () => {
    const sim = createSimulator();
    const res = await approve(sim, { redirecturl: `${CALLBACK}?state=s1`, action: 'cancel', investorId: '' });

    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${CALLBACK}?state=s1`);
  });

  it('still checks the allow-list on cancel, so it is no open redirect', async () => {
    const sim = createSimulator();
    const res = await approve(sim, { redirecturl: 'https://evil.test/', action: 'cancel' });

    expect(res.status).toBe(400);
  });

  it('refuses an unknown investor and an unknown action', async () => {
    const sim = createSimulator();
    const investor = await approve(sim, { redirecturl: CALLBACK, investorId: 'ffffffffffffffffffffffff' });
    const action = await approve(sim, {
      redirecturl: CALLBACK,
      investorId: SEEDED.verified,
      action: 'maybe',
    });

    expect(investor.status).toBe(400);
    expect(action.status).toBe(400);
  });

  it('is not recorded as an API call', async () => {
    const sim = createSimulator();
    await approve(sim, { redirecturl: CALLBACK, investorId: SEEDED.verified });

    expect(sim.control.calls()).toEqual([]);
  });
});
