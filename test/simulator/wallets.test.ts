import request from 'supertest';
import { createSimulator, SEEDED, type Simulator } from '../../src/simulator';
import { CLIENT_ID, investorGet, loginAs, SECRET, UNAUTHORIZED } from './helpers';

const ADDRESS = '0x1111111111111111111111111111111111111111';
const TOKEN_ID = '6a7b8c9d0e1f2a3b4c5d6e01';

function postWallet(sim: Simulator, accessToken: string, body: unknown) {
  return request(sim.app)
    .post(`/v1/${CLIENT_ID}/investor/domain/wallets`)
    .set('authorization', SECRET)
    .set('access-token', accessToken)
    .send(body as object);
}

describe('domain wallets', () => {
  it('adds a wallet as pending and lists it afterwards, per investor', async () => {
    const sim = createSimulator({ now: () => Date.UTC(2026, 10, 1) });
    const { accessToken } = await loginAs(sim, SEEDED.newInvestor);
    const other = await loginAs(sim, SEEDED.processing);
    const created = await postWallet(sim, accessToken, { address: ADDRESS, name: 'Main', tokenId: TOKEN_ID });
    const listed = await investorGet(sim, '/domain/wallets', accessToken);

    expect(created.status).toBe(200);
    expect(created.body.data).toEqual({
      address: ADDRESS,
      name: 'Main',
      tokenId: TOKEN_ID,
      status: 'pending',
      createDate: '2026-11-01T00:00:00.000Z',
    });
    expect(listed.body.data).toEqual([created.body.data]);
    expect((await investorGet(sim, '/domain/wallets', other.accessToken)).body.data).toEqual([]);
  });

  it('keeps the optional securitizeIdWalletId', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const body = { address: ADDRESS, name: 'Linked', tokenId: TOKEN_ID, securitizeIdWalletId: 'abc123' };
    const res = await postWallet(sim, accessToken, body);

    expect(res.body.data).toMatchObject({ securitizeIdWalletId: 'abc123', status: 'pending' });
    expect((await investorGet(sim, '/domain/wallets', accessToken)).body.data).toHaveLength(3);
  });

  it('takes a wallet without a name, and stores it with no name key', async () => {
    const sim = createSimulator({ now: () => Date.UTC(2026, 10, 2) });
    const { accessToken } = await loginAs(sim, SEEDED.newInvestor);
    const created = await postWallet(sim, accessToken, { address: ADDRESS, tokenId: TOKEN_ID });
    const longest = await postWallet(sim, accessToken, {
      address: ADDRESS,
      name: 'n'.repeat(200),
      tokenId: 'another',
    });
    const listed = await investorGet(sim, '/domain/wallets', accessToken);

    expect(created.status).toBe(200);
    expect(created.body.data).toEqual({
      address: ADDRESS,
      tokenId: TOKEN_ID,
      status: 'pending',
      createDate: '2026-11-02T00:00:00.000Z',
    });
    expect('name' in created.body.data).toBe(false);
    expect(longest.status).toBe(200);
    expect(listed.body.data).toEqual([created.body.data, longest.body.data]);
  });

  it.each([
    ['no body', undefined, '"value" must be an object'],
    ['a missing address', { name: 'n', tokenId: TOKEN_ID }, '"address" is required'],
    [
      'an invalid address',
      { address: 'not an address', name: 'n', tokenId: TOKEN_ID },
      '"address" is not a valid wallet address',
    ],
    [
      'an empty name',
      { address: ADDRESS, name: ' ', tokenId: TOKEN_ID },
      '"name" must be a non-empty string',
    ],
    ['a null name', { address: ADDRESS, name: null, tokenId: TOKEN_ID }, '"name" must be a non-empty string'],
    [
      'a name over 200 characters',
      { address: ADDRESS, name: 'n'.repeat(201), tokenId: TOKEN_ID },
      '"name" is too long',
    ],
    ['a missing tokenId', { address: ADDRESS, name: 'n' }, '"tokenId" is required'],
    [
      'an empty tokenId',
      { address: ADDRESS, name: 'n', tokenId: '' },
      '"tokenId" must be a non-empty string',
    ],
    [
      'a non-string name',
      { address: ADDRESS, name: 7, tokenId: TOKEN_ID },
      '"name" must be a non-empty string',
    ],
    [
      'an unknown key',
      { address: ADDRESS, name: 'n', tokenId: TOKEN_ID, walletName: 'x' },
      '"walletName" is not allowed',
    ],
    ['an array', [], '"value" must be an object'],
  ])('refuses %s with a Boom 400', async (_name, body, message) => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const res = await postWallet(sim, accessToken, body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message, details: null });
  });

  it('refuses the same address twice for one token with 409, but allows it for another token', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const wallet = { address: ADDRESS, name: 'n', tokenId: TOKEN_ID };
    await postWallet(sim, accessToken, wallet);

    expect(
      (await postWallet(sim, accessToken, { ...wallet, address: ADDRESS.toUpperCase().replace('0X', '0x') }))
        .status,
    ).toBe(409);
    expect((await postWallet(sim, accessToken, { ...wallet, tokenId: 'another' })).status).toBe(200);
  });

  it('needs the secret and the access token, and reset() restores the seeded wallets', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const noSecret = await request(sim.app)
      .post(`/v1/${CLIENT_ID}/investor/domain/wallets`)
      .set('access-token', accessToken)
      .send({ address: ADDRESS, name: 'n', tokenId: TOKEN_ID });
    await postWallet(sim, accessToken, { address: ADDRESS, name: 'n', tokenId: TOKEN_ID });
    sim.control.reset();
    const again = await loginAs(sim, SEEDED.verified);

    expect(noSecret.body).toEqual(UNAUTHORIZED);
    expect((await investorGet(sim, '/domain/wallets', again.accessToken)).body.data).toHaveLength(2);
  });
});
