import request from 'supertest';
import { createSimulator, SEEDED } from '../../src/simulator';
import { CLIENT_ID, exchange, investorGet, loginAs, refresh, SECRET } from './helpers';

describe('/__control HTTP API', () => {
  it('mints codes that exchange like real ones and count as a prior consent', async () => {
    const sim = createSimulator();
    const minted = await request(sim.app).post('/__control/codes').send({ investorId: SEEDED.rejected });
    const tokens = await exchange(sim, minted.body.code);
    const login = await request(sim.app).post('/login/approve').type('form').send({
      issuerId: CLIENT_ID,
      redirecturl: 'http://localhost:3000/cb',
      action: 'approve',
      investorId: SEEDED.rejected,
    });

    expect(minted.body.code).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens.body.investorId).toBe(SEEDED.rejected);
    expect(new URL(login.headers.location ?? '').searchParams.get('authorized')).toBe('true');
  });

  it('refuses codes for unknown investors or clients', async () => {
    const sim = createSimulator();

    expect((await request(sim.app).post('/__control/codes').send({ investorId: 'nope' })).status).toBe(400);
    const wrongClient = { investorId: SEEDED.verified, clientId: 'nope' };
    expect((await request(sim.app).post('/__control/codes').send(wrongClient)).status).toBe(400);
    expect(() => sim.control.issueCode('nope')).toThrow(/unknown investorId/);
  });

  it('shows and clears calls and stats, without recording itself', async () => {
    const sim = createSimulator();
    await loginAs(sim, SEEDED.verified);
    const calls = await request(sim.app).get('/__control/calls');
    const stats = await request(sim.app).get('/__control/stats');
    await request(sim.app).delete('/__control/calls');

    expect(calls.body.map((c: { path: string }) => c.path)).toEqual([`/v1/${CLIENT_ID}/oauth2/authorize`]);
    expect(stats.body).toEqual({
      exchanges: 1,
      exchangeFailures: 0,
      refreshes: 0,
      refreshFailures: 0,
      refreshTokenReuse: 0,
      codeReuse: 0,
    });
    expect((await request(sim.app).get('/__control/calls')).body).toEqual([]);
  });

  it('injects faults with a string path, and clears them', async () => {
    const sim = createSimulator();
    const fault = {
      kind: 'status',
      status: 503,
      match: { method: 'GET', path: `/v1/${CLIENT_ID}` },
      times: 2,
    };
    expect((await request(sim.app).post('/__control/faults').send(fault)).body).toEqual({ ok: true });
    const get = () => request(sim.app).get(`/v1/${CLIENT_ID}`).set('authorization', SECRET);

    expect((await get()).status).toBe(503);
    await request(sim.app).delete('/__control/faults');
    expect((await get()).status).toBe(200);
  });

  it.each([
    [{ kind: 'explode' }],
    [{ kind: 'status', status: 42 }],
    [{ kind: 'delay' }],
    [{ kind: 'huge', bytes: -1 }],
    [{ kind: 'drop', match: { path: 5 } }],
    [{ kind: 'status', status: 500, headers: { a: 1 } }],
    ['not an object'],
  ])('refuses the malformed fault %j', async (fault) => {
    const sim = createSimulator();

    expect(
      (
        await request(sim.app)
          .post('/__control/faults')
          .send(fault as object)
      ).status,
    ).toBe(400);
  });

  it('switches the envelope, expires access tokens, revokes refresh tokens and resets', async () => {
    const sim = createSimulator();
    const tokens = await loginAs(sim, SEEDED.verified);
    await request(sim.app).post('/__control/envelope').send({ mode: 'bare', status: 200 });
    const bare = await investorGet(sim, '', tokens.accessToken);
    await request(sim.app).post('/__control/expire-access-tokens');
    const expired = await investorGet(sim, '', tokens.accessToken);
    await request(sim.app).post('/__control/revoke-refresh-tokens');
    const revoked = await request(sim.app)
      .post(`/v1/${CLIENT_ID}/oauth2/refresh`)
      .set('authorization', SECRET)
      .send({ refreshToken: tokens.refreshToken });
    await request(sim.app).post('/__control/reset');

    expect(bare.body.investorId).toBe(SEEDED.verified);
    expect(expired.status).toBe(401);
    expect(revoked.status).toBe(401);
    expect(sim.control.calls()).toEqual([]);
    expect(sim.control.stats().exchanges).toBe(0);
    expect((await request(sim.app).post('/__control/envelope').send({ mode: 'boxed' })).status).toBe(400);
  });
});

describe('/__control switches for the callback style and token answers', () => {
  const approve = (sim: ReturnType<typeof createSimulator>) =>
    request(sim.app).post('/login/approve').type('form').send({
      issuerId: CLIENT_ID,
      redirecturl: 'http://localhost:3000/cb?s=1',
      action: 'approve',
      investorId: SEEDED.verified,
    });

  it('sets the callback style, refuses unknown ones, and reset puts the option back', async () => {
    const sim = createSimulator();
    const set = await request(sim.app).post('/__control/callback-style').send({ style: 'encoded' });
    const encoded = await approve(sim);
    const bad = await request(sim.app).post('/__control/callback-style').send({ style: 'semicolon' });
    await request(sim.app).post('/__control/reset');

    expect(set.body).toEqual({ ok: true });
    expect(encoded.headers.location).toMatch(/^http:\/\/localhost:3000\/cb%3Fs%3D1\?code=/);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('style must be one of auto, question, ampersand, encoded');
    expect((await approve(sim)).headers.location).toMatch(/^http:\/\/localhost:3000\/cb\?s=1&code=/);
  });

  it('merges token answer settings, refuses bad ones, and reset puts the options back', async () => {
    const now = 1_800_000_000_000;
    const sim = createSimulator({ now: () => now });
    await request(sim.app).post('/__control/token-answer').send({ expirationFormat: 'epoch-ms-string' });
    await request(sim.app).post('/__control/token-answer').send({ refreshOmitsInvestorId: true });
    const tokens = await loginAs(sim, SEEDED.verified);
    const rotated = await refresh(sim, tokens.refreshToken);
    const bad = await Promise.all(
      [{ expirationFormat: 'rfc' }, { refreshOmitsInvestorId: 'yes' }, { other: 1 }, ['iso']].map((body) =>
        request(sim.app).post('/__control/token-answer').send(body),
      ),
    );
    await request(sim.app).post('/__control/reset');
    const restored = await loginAs(sim, SEEDED.verified);

    expect(tokens.expiration).toBe(String(now + 7 * 86_400_000));
    expect(Object.keys(rotated.body)).toEqual(['accessToken', 'refreshToken', 'expiration']);
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(restored.expiration).toBe(new Date(now + 7 * 86_400_000).toISOString());
  });
});

describe('calls()', () => {
  it('records method, path, query, lowercased headers, parsed body and time, in order', async () => {
    const sim = createSimulator({ now: () => 1234 });
    await request(sim.app)
      .post(`/v1/${CLIENT_ID}/oauth2/authorize?debug=1`)
      .set('Authorization', SECRET)
      .set('X-Custom', 'yes')
      .send({ code: 'abc' });
    await request(sim.app).patch(`/v1/${CLIENT_ID}`).type('form').send('appName=x');
    await request(sim.app).post(`/v1/${CLIENT_ID}/oauth2/refresh`).type('json').send('{"broken"');

    const [first, second, third] = sim.control.calls();
    expect(first).toMatchObject({
      method: 'POST',
      path: `/v1/${CLIENT_ID}/oauth2/authorize`,
      query: { debug: '1' },
      body: { code: 'abc' },
      at: 1234,
    });
    expect(first?.headers).toMatchObject({
      authorization: SECRET,
      'x-custom': 'yes',
      'content-type': 'application/json',
    });
    expect(second).toMatchObject({ method: 'PATCH', body: 'appName=x' });
    expect(third?.body).toBe('{"broken"');
  });

  it('returns copies that callers cannot use to change the record', async () => {
    const sim = createSimulator();
    await request(sim.app).get(`/v1/${CLIENT_ID}`);
    sim.control.calls().pop();
    (sim.control.calls()[0] as { path: string }).path = 'changed';

    expect(sim.control.calls().map((c) => c.path)).toEqual([`/v1/${CLIENT_ID}`]);
  });
});
