import { appendParams, isRedirectAllowed } from '../../src/simulator/login/redirect';

describe('isRedirectAllowed', () => {
  const list = ['https://app.test/*', 'http://localhost:3000/exact'];

  it.each([
    ['https://app.test/', true],
    ['https://app.test/callback?state=1', true],
    ['https://app.test', false],
    ['https://app.test.evil.test/', false],
    ['http://localhost:3000/exact', true],
    ['http://localhost:3000/exact/', false],
    ['http://localhost:3000/exact?x=1', false],
    ['https://app.test/\r\nset-cookie: a=b', false],
    ['', false],
  ])('%j → %s', (url, allowed) => {
    expect(isRedirectAllowed(url, list)).toBe(allowed);
  });
});

describe('appendParams', () => {
  const params: Array<[string, string]> = [
    ['code', 'c 1&2'],
    ['country', 'US'],
  ];

  it.each([
    ['https://a.test/cb', 'https://a.test/cb?code=c%201%262&country=US'],
    ['https://a.test/cb?s=1', 'https://a.test/cb?s=1&code=c%201%262&country=US'],
    ['https://a.test/cb?', 'https://a.test/cb?code=c%201%262&country=US'],
    ['https://a.test/cb?s=1&', 'https://a.test/cb?s=1&code=c%201%262&country=US'],
    ['https://a.test/cb#/route', 'https://a.test/cb?code=c%201%262&country=US#/route'],
  ])('%s', (url, expected) => {
    expect(appendParams(url, params)).toBe(expected);
  });
});

describe('appendParams with a callback style', () => {
  const params: Array<[string, string]> = [
    ['code', 'C'],
    ['country', 'US'],
  ];
  const PATH = 'http://bff.test/callback/STATE';
  const QUERY = 'http://bff.test/callback?state=STATE';

  it.each([
    ['auto', PATH, 'http://bff.test/callback/STATE?code=C&country=US'],
    ['auto', QUERY, 'http://bff.test/callback?state=STATE&code=C&country=US'],
    ['question', PATH, 'http://bff.test/callback/STATE?code=C&country=US'],
    ['question', QUERY, 'http://bff.test/callback?state=STATE?code=C&country=US'],
    ['ampersand', PATH, 'http://bff.test/callback/STATE&code=C&country=US'],
    ['ampersand', QUERY, 'http://bff.test/callback?state=STATE&code=C&country=US'],
    ['encoded', PATH, 'http://bff.test/callback/STATE?code=C&country=US'],
    ['encoded', QUERY, 'http://bff.test/callback%3Fstate%3DSTATE?code=C&country=US'],
    ['encoded', 'http://bff.test/cb?a=1&b=2', 'http://bff.test/cb%3Fa%3D1%26b%3D2?code=C&country=US'],
    ['encoded', 'http://bff.test?s=1', 'http://bff.test%3Fs%3D1?code=C&country=US'],
    ['question', `${QUERY}#/route`, 'http://bff.test/callback?state=STATE?code=C&country=US#/route'],
    ['ampersand', `${PATH}#/route`, 'http://bff.test/callback/STATE&code=C&country=US#/route'],
    ['encoded', `${QUERY}#/r?x=1`, 'http://bff.test/callback%3Fstate%3DSTATE?code=C&country=US#/r?x=1'],
  ] as const)('%s: %s', (style, url, expected) => {
    expect(appendParams(url, params, style)).toBe(expected);
  });

  it('defaults to auto', () => {
    expect(appendParams(QUERY, params)).toBe(appendParams(QUERY, params, 'auto'));
  });
});
