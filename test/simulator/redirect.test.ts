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
