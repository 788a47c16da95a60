import { SEEDED } from '../../src/simulator';
import { CLIENT_ID, Harness, SECRET, startHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.control.clearFaults();
  h.sim.control.setEnvelope('wrapped');
});

const api = (cookie: string, path: string, headers: Record<string, string> = {}) =>
  h.get(path, { Cookie: cookie, 'X-CSRF': '1', ...headers });
const upstream = (suffix: string) => h.sim.control.calls().filter((c) => c.path.endsWith(suffix));

const investors = Object.entries(SEEDED) as Array<[keyof typeof SEEDED, string]>;
const expectedStatus: Record<keyof typeof SEEDED, string> = {
  newInvestor: 'none',
  verified: 'verified',
  entity: 'verified',
  processing: 'processing',
  updatesRequired: 'updates-required',
  manualReview: 'manual-review',
  rejected: 'rejected',
  expired: 'expired',
  unknownStatus: 'pending-aml',
};

describe.each(['wrapped', 'bare'] as const)('with the %s envelope', (envelope) => {
  const cookies = new Map<string, string>();
  beforeAll(async () => {
    for (const [, id] of investors) cookies.set(id, (await h.login(id)).cookie!);
  });
  beforeEach(() => h.sim.control.setEnvelope(envelope));

  it.each(investors)('GET /api/investor answers one stable shape for %s', async (name, id) => {
    const res = await api(cookies.get(id)!, '/api/investor');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      investorId: id,
      verificationStatus: expectedStatus[name],
      verified: expectedStatus[name] === 'verified',
      verificationStatusKnown: name !== 'unknownStatus',
      email: expect.any(String),
      fullName: expect.any(String),
    });
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'country',
        'createDate',
        'details',
        'domainInvestorDetails',
        'email',
        'fullName',
        'investorId',
        'investorType',
        'language',
        'tfaEnabled',
        'verificationStatus',
        'verificationStatusKnown',
        'verified',
      ].sort(),
    );
    if (name === 'entity') expect(res.body.investorType).toBe('entity');
  });

  it.each(investors)('GET /api/verification for %s', async (name, id) => {
    const res = await api(cookies.get(id)!, '/api/verification');
    expect(res.status).toBe(200);
    if (name === 'newInvestor') expect(res.body).toEqual({ status: 'none' });
    else expect(res.body).toMatchObject({ status: expect.any(String), errors: expect.any(Array) });
  });

  it.each(investors)('GET /api/documents, /api/signers and /api/wallets for %s', async (name, id) => {
    const docs = await api(cookies.get(id)!, '/api/documents');
    expect(docs.status).toBe(200);
    expect(Array.isArray(docs.body.documents)).toBe(true);
    if (name === 'verified') expect(docs.body.documents.length).toBeGreaterThan(0);
    if (name === 'newInvestor') expect(docs.body.documents).toEqual([]);
    const signers = await api(cookies.get(id)!, '/api/signers');
    expect(signers.status).toBe(200);
    if (name === 'entity') expect(signers.body.signers.length).toBeGreaterThan(0);
    const wallets = await api(cookies.get(id)!, '/api/wallets');
    expect(wallets.status).toBe(200);
    expect(Array.isArray(wallets.body.wallets)).toBe(true);
  });

  it('document and signer-document views give a fresh, working URL every time', async () => {
    const verified = cookies.get(SEEDED.verified)!;
    const [doc] = (await api(verified, '/api/documents')).body.documents;
    const a = await api(verified, `/api/documents/${doc.documentId}/view`);
    const b = await api(verified, `/api/documents/${doc.documentId}/view`);
    expect(a.status).toBe(200);
    expect(a.headers['cache-control']).toBe('no-store');
    expect(a.body.url).not.toBe(b.body.url);
    expect(upstream(`/documents/${doc.documentId}/view`).length).toBeGreaterThanOrEqual(2);

    const entity = cookies.get(SEEDED.entity)!;
    const [signer] = (await api(entity, '/api/signers')).body.signers;
    const sdoc = signer.documents[0];
    const view = await api(entity, `/api/signers/${signer.signerId}/documents/${sdoc.documentId}/view`);
    expect(view.status).toBe(200);
    expect(view.body.url).toMatch(/^https?:\/\//);
  });
});

describe('what crosses the boundary (B5)', () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = (await h.login(SEEDED.verified)).cookie!;
  });

  it('sends Securitize only the app secret and the session token, never browser headers', async () => {
    h.sim.control.clearCalls();
    await api(cookie, '/api/investor', {
      Authorization: 'Bearer attacker',
      'X-Forwarded-For': '6.6.6.6',
      'X-Forwarded-Host': 'evil.example',
      'X-HTTP-Method-Override': 'DELETE',
      'access-token': 'attacker-token',
    });
    const [call] = upstream('/investor');
    expect(call).toBeDefined();
    expect(call!.method).toBe('GET');
    expect(call!.path).toBe(`/v1/${CLIENT_ID}/investor`);
    expect(call!.headers.authorization).toBe(SECRET);
    expect(call!.headers['access-token']).not.toBe('attacker-token');
    expect(String(call!.headers['access-token'])).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const h of ['cookie', 'x-forwarded-for', 'x-forwarded-host', 'x-http-method-override', 'x-csrf'])
      expect(call!.headers[h]).toBeUndefined();
    expect(call!.headers.host).not.toContain('bff');
  });

  it('never passes upstream Set-Cookie or other headers back to the browser', async () => {
    h.sim.control.injectFault({
      match: { path: /\/investor$/ },
      kind: 'status',
      status: 200,
      body: { investorId: SEEDED.verified, verificationStatus: 'verified' },
      headers: { 'Set-Cookie': 'upstream=1; Path=/', 'X-Upstream-Secret': 'x', Connection: 'close' },
    });
    const res = await api(cookie, '/api/investor');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['x-upstream-secret']).toBeUndefined();
  });

  it.each([
    '/api/documents/..%2F..%2Fconfig/view',
    '/api/documents/a.b/view',
    `/api/documents/${'a'.repeat(65)}/view`,
    '/api/signers/x%00/documents/y/view',
    '/api/signers/%2e%2e/documents/y/view',
  ])('rejects the path parameter in %s before any upstream call', async (path) => {
    h.sim.control.clearCalls();
    const res = await api(cookie, path);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(h.sim.control.calls()).toEqual([]);
  });

  it('answers unknown API paths and methods without reaching Securitize', async () => {
    h.sim.control.clearCalls();
    expect((await api(cookie, '/api/config')).status).toBe(404);
    expect((await h.send('delete', '/api/wallets', { Cookie: cookie, 'X-CSRF': '1' })).status).toBe(405);
    expect((await h.send('put', '/api/investor', { Cookie: cookie, 'X-CSRF': '1' })).status).toBe(405);
    expect(h.sim.control.calls()).toEqual([]);
  });

  it.each([
    [403, 403, 'forbidden'],
    [404, 404, 'not_found'],
    [429, 503, 'securitize_unavailable'],
    [500, 502, 'securitize_unavailable'],
    [503, 502, 'securitize_unavailable'],
  ])('maps an upstream %i to %i %s', async (upstreamStatus, status, error) => {
    h.sim.control.injectFault({
      match: { path: /\/documents$/ },
      kind: 'status',
      status: upstreamStatus,
      headers: { 'Retry-After': '7' },
    });
    const res = await api(cookie, '/api/documents');
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error });
    if (upstreamStatus === 429) expect(res.headers['retry-after']).toBe('7');
    expect((await api(cookie, '/api/me')).status).toBe(200);
  });

  it('maps a timeout to 504 and garbage to 502, and keeps the session', async () => {
    h.sim.control.injectFault({ match: { path: /\/investor$/ }, kind: 'delay', ms: 4000 });
    const slow = await api(cookie, '/api/investor');
    expect(slow.status).toBe(504);
    expect(slow.body.error).toBe('securitize_unavailable');
    h.sim.control.injectFault({ match: { path: /\/investor$/ }, kind: 'garbage' });
    expect((await api(cookie, '/api/investor')).status).toBe(502);
    expect((await api(cookie, '/api/investor')).status).toBe(200);
  });
});

describe('POST /api/wallets (D4)', () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = (await h.login(SEEDED.verified)).cookie!;
  });

  it('adds a wallet with a validated JSON body and forwards exactly the known fields', async () => {
    h.sim.control.clearCalls();
    const address = '0x52908400098527886E0F7030069857D2E4169EE7';
    const res = await h.sendJson('/api/wallets', cookie, {
      address,
      tokenId: 'token-1',
      name: 'Main wallet',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ address, tokenId: 'token-1', name: 'Main wallet', status: 'pending' });
    const [call] = upstream('/domain/wallets');
    expect(call!.method).toBe('POST');
    expect(call!.body).toEqual({ address, tokenId: 'token-1', name: 'Main wallet' });
    const list = await api(cookie, '/api/wallets');
    expect(list.body.wallets.map((w: { address: string }) => w.address)).toContain(address);
  });

  it('adds a wallet without a name: the name is optional in the BFF and the simulator alike', async () => {
    h.sim.control.clearCalls();
    const address = '0x1111111111222222222233333333334444444444';
    const res = await h.sendJson('/api/wallets', cookie, { address, tokenId: 'token-2' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ address, tokenId: 'token-2', name: null, status: 'pending' });
    expect(upstream('/domain/wallets')[0]!.body).toEqual({ address, tokenId: 'token-2' });
  });

  it.each([
    ['text/plain', '{"address":"0xabc","tokenId":"t"}', 415],
    ['application/x-www-form-urlencoded', 'address=0xabc&tokenId=t', 415],
    ['multipart/form-data; boundary=x', '--x--', 415],
    ['application/json', '{"address":', 400],
    ['application/json', '[]', 400],
    ['application/json', '{"address":"0xabc"}', 400],
    ['application/json', '{"address":"0xabc","tokenId":"t","extra":1}', 400],
    ['application/json', '{"address":"../x","tokenId":"t"}', 400],
    ['application/json', '{"address":"0xabc","tokenId":"t","name":"a\\u0000b"}', 400],
  ])('rejects %s %s with %i before any upstream call', async (type, body, status) => {
    h.sim.control.clearCalls();
    const res = await h.sendRaw(
      'post',
      '/api/wallets',
      { Cookie: cookie, 'X-CSRF': '1', 'Content-Type': type },
      body,
    );
    expect(res.status).toBe(status);
    expect(res.text).not.toContain('0xabc');
    expect(upstream('/domain/wallets')).toEqual([]);
  });

  it('rejects a body over 16 KB with 413', async () => {
    const res = await h.sendRaw(
      'post',
      '/api/wallets',
      { Cookie: cookie, 'X-CSRF': '1', 'Content-Type': 'application/json' },
      JSON.stringify({ address: '0xabc', tokenId: 't', name: 'x'.repeat(20_000) }),
    );
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('payload_too_large');
  });

  it('needs the CSRF header', async () => {
    const res = await h.sendRaw(
      'post',
      '/api/wallets',
      { Cookie: cookie, 'Content-Type': 'application/json' },
      '{}',
    );
    expect(res.status).toBe(403);
  });
});

describe('bookkeeping', () => {
  it('never reused a refresh token and leaked nothing in this file', () => {
    expect(h.sim.control.stats().refreshTokenReuse).toBe(0);
    const sent = h.responses.map((r) => JSON.stringify(r.headers) + r.text).join('\n');
    expect(sent).not.toContain(SECRET);
    expect(h.logs.join('\n')).not.toContain(SECRET);
  });
});

describe('access log', () => {
  it('logs an API route with the same path whether it succeeds or fails', async () => {
    const cookie = (await h.login(SEEDED.verified)).cookie!;
    h.logs.length = 0;
    expect((await api(cookie, '/api/documents')).status).toBe(200);
    h.sim.control.injectFault({ match: { path: /\/documents$/ }, kind: 'status', status: 500 });
    expect((await api(cookie, '/api/documents')).status).toBe(502);
    h.sim.control.clearFaults();
    const lines = h.logs.map((l) => JSON.parse(l)).filter((l) => l.event === 'http_request');
    expect(lines.map((l) => [l.path, l.status])).toEqual([
      ['/api/documents', 200],
      ['/api/documents', 502],
    ]);
    const errorLine = h.logs.map((l) => JSON.parse(l)).find((l) => l.event === 'http_error');
    expect(errorLine.path).toBe('/api/documents');
  });
});
