import request from 'supertest';
import { createSimulator, DEV_CLIENT, GATEWAY_SEEDED, SEEDED, type Simulator } from '../../src/simulator';
import { CLIENT_ID, gatewayGet, gatewayPost, loginAs, UNAUTHORIZED } from './helpers';

const OTHER = { clientId: '0a1b2c3d-0000-4000-8000-000000000002', secret: 'other-secret', redirectUrls: [] };
const ENTITY_SIGNER = '5ecece7244ba5b00184cbb87';
const ENTITY_SIGNER_DOC = '65f0b1b2c3d4e5f6a7b8c921';

async function gatewayLogin(sim: Simulator, investorId: string): Promise<string> {
  const res = await gatewayPost(sim, 'authorize', { code: sim.control.issueCode(investorId) });
  expect(res.status).toBe(200);
  return res.body.accessToken as string;
}

describe('gateway investor endpoints', () => {
  let sim: Simulator;
  let entity = '';
  let verified = '';
  let fresh = '';
  beforeAll(async () => {
    // Wrapped on the direct API, to show that the gateway answers bare regardless.
    sim = createSimulator({ envelope: 'wrapped' });
    entity = await gatewayLogin(sim, SEEDED.entity);
    verified = await gatewayLogin(sim, SEEDED.verified);
    fresh = await gatewayLogin(sim, SEEDED.newInvestor);
  });

  it('GET /api/sid/v1/investor answers the bare profile, with no authorization header needed', async () => {
    const res = await gatewayGet(sim, '', verified);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ investorId: SEEDED.verified, verificationStatus: 'verified' });
    expect(res.body).not.toHaveProperty('data');
  });

  it('answers verification, documents and signers bare', async () => {
    const verification = await gatewayGet(sim, '/verification', verified);
    const documents = await gatewayGet(sim, '/documents', verified);
    const signers = await gatewayGet(sim, '/signers', entity);

    expect(verification.body).toMatchObject({ investorId: SEEDED.verified, status: 'verified' });
    expect(documents.body).toHaveLength(2);
    expect(documents.body[0]).toMatchObject({ docType: 'passport' });
    expect(signers.body.map((s: { signerId: string }) => s.signerId)).toContain(ENTITY_SIGNER);
  });

  it('answers a missing verification with a bare 404', async () => {
    const res = await gatewayGet(sim, '/verification', fresh);

    expect(res.status).toBe(404);
    expect(res.body).toEqual({});
  });

  it('gives working document and signer-document view URLs, bare', async () => {
    const docs = (await gatewayGet(sim, '/documents', verified)).body as Array<{ documentId: string }>;
    const view = await gatewayGet(sim, `/documents/${docs[0]?.documentId}/view`, verified);
    const signerView = await gatewayGet(
      sim,
      `/signers/${ENTITY_SIGNER}/documents/${ENTITY_SIGNER_DOC}/view`,
      entity,
    );
    const missing = await gatewayGet(sim, '/documents/ffffffffffffffffffffffff/view', verified);

    expect(view.body).toEqual({ url: expect.stringContaining('/files/') });
    expect(signerView.body).toEqual({ url: expect.stringContaining('/files/') });
    const file = await request(sim.app).get(new URL(view.body.url).pathname);
    expect(file.status).toBe(200);
    expect(missing.status).toBe(404);
  });

  it('lists and adds domain wallets, bare', async () => {
    const before = await gatewayGet(sim, '/domain/wallets', fresh);
    const added = await request(sim.app)
      .post('/api/sid/v1/investor/domain/wallets')
      .set('access-token', fresh)
      .send({ address: '0x2222222222222222222222222222222222222222', tokenId: 'tok-1' });
    const after = await gatewayGet(sim, '/domain/wallets', fresh);

    expect(before.body).toEqual([]);
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ tokenId: 'tok-1', status: 'pending' });
    expect(after.body).toEqual([added.body]);
  });

  it('serves the seeded passed and pending investors', async () => {
    for (const [status, investorId] of Object.entries(GATEWAY_SEEDED)) {
      const token = await gatewayLogin(sim, investorId);
      expect((await gatewayGet(sim, '', token)).body).toMatchObject({
        investorId,
        verificationStatus: status,
      });
      expect((await gatewayGet(sim, '/verification', token)).body).toMatchObject({ status });
    }
  });
});

describe('gateway investor authentication', () => {
  it('takes the client from the token; a clientid header must name the same client', async () => {
    const sim = createSimulator({ clients: [{ ...DEV_CLIENT, redirectUrls: [] }, OTHER] });
    const token = await gatewayLogin(sim, SEEDED.verified);
    const same = await gatewayGet(sim, '', token).set('clientid', CLIENT_ID);
    const other = await gatewayGet(sim, '', token).set('clientid', OTHER.clientId);
    const unknown = await gatewayGet(sim, '/domain/wallets', token).set('clientid', 'nope');

    expect(same.status).toBe(200);
    for (const res of [other, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHORIZED);
    }
  });

  it('refuses a missing, garbage, expired or reset token', async () => {
    let now = 1_000_000;
    const sim = createSimulator({ now: () => now, accessTokenTtlMs: 60_000 });
    const token = await gatewayLogin(sim, SEEDED.verified);
    const none = await request(sim.app).get('/api/sid/v1/investor');
    const garbage = await gatewayGet(sim, '', 'garbage');
    const bearer = await request(sim.app).get('/api/sid/v1/investor').set('authorization', `Bearer ${token}`);
    now += 60_000;
    const expired = await gatewayGet(sim, '/documents', token);

    for (const res of [none, garbage, bearer, expired]) expect(res.body).toEqual(UNAUTHORIZED);
    now -= 60_000;
    sim.control.reset();
    expect((await gatewayGet(sim, '', token)).status).toBe(401);
  });

  it('accepts tokens from the direct exchange, and the direct API accepts gateway tokens', async () => {
    const sim = createSimulator();
    const direct = await loginAs(sim, SEEDED.entity);
    const gateway = await gatewayLogin(sim, SEEDED.entity);

    expect((await gatewayGet(sim, '', direct.accessToken)).body.investorId).toBe(SEEDED.entity);
    const res = await request(sim.app)
      .get(`/v1/${CLIENT_ID}/investor`)
      .set('authorization', DEV_CLIENT.secret)
      .set('access-token', gateway);
    expect(res.body.data.investorId).toBe(SEEDED.entity);
  });
});

describe('gateway calls and faults', () => {
  it('records every gateway call like the direct ones', async () => {
    const sim = createSimulator({ now: () => 42 });
    const token = await gatewayLogin(sim, SEEDED.verified);
    await gatewayGet(sim, '/documents?x=1', token);

    const calls = sim.control.calls();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/auth/v1/authorize',
      'GET /api/sid/v1/investor/documents',
    ]);
    expect(calls[0]).toMatchObject({
      body: { code: expect.any(String) },
      headers: { clientid: CLIENT_ID },
      at: 42,
    });
    expect(calls[1]).toMatchObject({ query: { x: '1' }, headers: { 'access-token': token } });
  });

  it('applies injected faults to /api calls, matched by path or not at all', async () => {
    const sim = createSimulator();
    const token = await gatewayLogin(sim, SEEDED.verified);
    sim.control.injectFault({ kind: 'status', status: 503, match: { path: '/api/sid/v1/investor' } });
    sim.control.injectFault({ kind: 'status', status: 502, match: { path: /\/api\/auth\/v1\/refresh$/ } });

    expect((await gatewayGet(sim, '/documents', token)).status).toBe(200);
    expect((await gatewayGet(sim, '', token)).status).toBe(503);
    expect((await gatewayGet(sim, '', token)).status).toBe(200);
    expect((await gatewayPost(sim, 'refresh', { refreshToken: 'x' })).status).toBe(502);
    sim.control.injectFault({ kind: 'status', status: 500 });
    expect(
      (await gatewayPost(sim, 'authorize', { code: sim.control.issueCode(SEEDED.verified) })).status,
    ).toBe(500);
    expect(sim.control.stats().exchanges).toBe(1);
  });
});
