import request from 'supertest';
import { createSimulator, DEV_DOMAIN, externalIdFor, SEEDED } from '../../src/simulator';
import { SEED_INVESTORS } from '../../src/simulator/fixtures';
import { CLIENT_ID, dataOf, investorGet, loginAs } from './helpers';
import { API_KEY, DOMAIN_ID, domainGet } from './domain-helpers';

const lookup = (externalId: string, domainId: string = DOMAIN_ID) =>
  `/v1/domains/${domainId}/investors/${externalId}`;

describe('Domain API: GET /v1/domains/{domainId}/investors/{externalId}', () => {
  it('answers the domain investor, bare, whose securitizeIdProfileId is the investorId the investor API reports', async () => {
    const sim = createSimulator();
    const externalId = sim.control.externalIdOf(SEEDED.verified);
    const res = await domainGet(sim, lookup(externalId));
    const tokens = await loginAs(sim, SEEDED.verified);
    const profile = dataOf((await investorGet(sim, '', tokens.accessToken)).body, 'wrapped') as {
      investorId: string;
    };

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      externalId,
      domainId: DOMAIN_ID,
      securitizeIdProfileId: profile.investorId,
      kycStatus: 'verified',
      investorType: 'individual',
    });
    expect(externalId).not.toContain(SEEDED.verified);
  });

  it('gives every investor a fixed externalId per domain, listed by the control and by externalIdOf', async () => {
    const sim = createSimulator();
    const other = createSimulator({ domainApi: { domainId: 'other-domain' } });
    const listed = await request(sim.app).get('/__control/domain-investors');
    const entry = (listed.body as Array<{ investorId: string }>).find((e) => e.investorId === SEEDED.entity);

    expect(listed.body).toHaveLength(sim.control.domainInvestors().length);
    expect(entry).toEqual({
      investorId: SEEDED.entity,
      domainId: DOMAIN_ID,
      externalId: externalIdFor(DOMAIN_ID, SEEDED.entity),
      kycStatus: 'verified',
    });
    expect(sim.control.externalIdOf(SEEDED.entity)).toBe(
      createSimulator().control.externalIdOf(SEEDED.entity),
    );
    expect(other.control.externalIdOf(SEEDED.entity)).not.toBe(sim.control.externalIdOf(SEEDED.entity));
    expect(new Set(sim.control.domainInvestors().map((e) => e.externalId)).size).toBe(listed.body.length);
    expect(() => sim.control.externalIdOf('nope')).toThrow(/unknown investorId/);
  });

  it('knows investors added after start, and reports an entity as one', async () => {
    const sim = createSimulator();
    const added = structuredClone(SEED_INVESTORS.find((i) => i.profile.investorId === SEEDED.entity)!);
    added.profile.investorId = 'a1a2a3a4a5a6a7a8a9a0b1b2';
    sim.control.putInvestor(added);
    const res = await domainGet(sim, lookup(sim.control.externalIdOf('a1a2a3a4a5a6a7a8a9a0b1b2')));

    expect(res.body).toMatchObject({
      investorType: 'entity',
      securitizeIdProfileId: 'a1a2a3a4a5a6a7a8a9a0b1b2',
    });
  });

  it('answers 404 in NestJS shape for an unknown externalId or another domain', async () => {
    const sim = createSimulator();
    const unknown = await domainGet(sim, lookup('ext-unknown'));
    const foreign = await domainGet(sim, lookup(sim.control.externalIdOf(SEEDED.verified), 'another-domain'));

    for (const res of [unknown, foreign]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, message: 'Investor not found', error: 'Not Found' });
    }
  });

  it.each([
    ['no authorization', null],
    ['a wrong key', 'apiKey dev-domain-key:wrong'],
    ['the key one character short', API_KEY.slice(0, -1)],
    ['the key as a bearer token', `Bearer ${DEV_DOMAIN.apiKey}`],
    ['the bare key', DEV_DOMAIN.apiKey],
    ['the app secret scheme', `apiKey ${DEV_DOMAIN.apiKey} extra`],
  ])('answers a plain-text 401 to %s, the same every time', async (_name, authorization) => {
    const sim = createSimulator();
    const res = await domainGet(sim, lookup(sim.control.externalIdOf(SEEDED.verified)), authorization);

    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('Unauthorized');
  });

  it('takes the key and domain it is given, and the scheme in any case', async () => {
    const sim = createSimulator({ domainApi: { domainId: 'issuer-1', apiKey: 'kid:ksecret' } });
    const path = lookup(sim.control.externalIdOf(SEEDED.verified), 'issuer-1');

    expect((await domainGet(sim, path, 'APIKEY kid:ksecret')).status).toBe(200);
    expect((await domainGet(sim, path, API_KEY)).status).toBe(401);
  });

  it('records Domain API calls and applies injected faults to them, like the investor API', async () => {
    const sim = createSimulator();
    const path = lookup(sim.control.externalIdOf(SEEDED.verified));
    sim.control.injectFault({ kind: 'status', status: 503, match: { path: /^\/v1\/domains\// }, times: 1 });

    expect((await domainGet(sim, path)).status).toBe(503);
    expect((await domainGet(sim, path)).status).toBe(200);
    expect(sim.control.calls().map((c) => c.path)).toEqual([path, path]);
    expect((await request(sim.app).get(`/v1/${CLIENT_ID}`)).status).toBe(401);
  });
});
