import { ASSUMED_LIFE_MS, readExpiration, readTokenAnswer } from '../../src/securitize/token-answer';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const IN_A_WEEK = NOW + 7 * 24 * 3600 * 1000;
const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

describe('readExpiration: the forms Securitize may send', () => {
  it.each([
    ['an ISO string', new Date(IN_A_WEEK).toISOString()],
    ['epoch seconds', IN_A_WEEK / 1000],
    ['epoch milliseconds', IN_A_WEEK],
    ['epoch seconds as a string', String(IN_A_WEEK / 1000)],
    ['epoch milliseconds as a string', String(IN_A_WEEK)],
  ])('%s', (_name, value) => {
    expect(readExpiration(value, 'opaque', NOW)).toEqual({
      expiresAt: IN_A_WEEK,
      expirationSource: 'answer',
    });
  });

  it.each([
    ['missing', undefined],
    ['garbage', 'soon'],
    ['long ago', '2001-01-01T00:00:00.000Z'],
    ['absurdly far', '2999-01-01T00:00:00.000Z'],
    ['an object', { at: 1 }],
  ])('falls back to the access token’s exp when the answer’s is %s', (_name, value) => {
    const exp = Math.floor(IN_A_WEEK / 1000);
    expect(readExpiration(value, jwt({ exp }), NOW)).toEqual({
      expiresAt: exp * 1000,
      expirationSource: 'token',
    });
  });

  it('assumes a short life when neither the answer nor the token says', () => {
    expect(readExpiration('garbage', 'opaque', NOW)).toEqual({
      expiresAt: NOW + ASSUMED_LIFE_MS,
      expirationSource: 'assumed',
    });
  });
});

describe('readTokenAnswer', () => {
  it('needs both tokens; investorId and expiration may be missing', () => {
    expect(readTokenAnswer({ accessToken: 'a', refreshToken: 'r' }, NOW)).toMatchObject({
      accessToken: 'a',
      refreshToken: 'r',
      expirationSource: 'assumed',
    });
    expect(readTokenAnswer({ accessToken: 'a', refreshToken: 'r' }, NOW)).not.toHaveProperty('investorId');
    expect(readTokenAnswer({ investorId: 'x', accessToken: 'a' }, NOW)).toBeNull();
    expect(readTokenAnswer('text', NOW)).toBeNull();
  });

  it('normalises the expiration to ISO; a null investorId is absent, a malformed one makes the answer unusable', () => {
    const t = readTokenAnswer(
      { investorId: null, accessToken: 'a', refreshToken: 'r', expiration: IN_A_WEEK / 1000 },
      NOW,
    );
    expect(t).toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiration: new Date(IN_A_WEEK).toISOString(),
      expiresAt: IN_A_WEEK,
      expirationSource: 'answer',
    });
    for (const investorId of ['not an id!', 4242, 'investor.B', '', 'x'.repeat(129)])
      expect(readTokenAnswer({ investorId, accessToken: 'a', refreshToken: 'r' }, NOW)).toBeNull();
  });
});
