import { safeReturnTo } from '../../src/login/return-to';

describe('safeReturnTo (A9)', () => {
  it.each([
    ['/portfolio', '/portfolio'],
    ['/portfolio?tab=1#top', '/portfolio?tab=1#top'],
    ['/a/../b', '/b'],
  ])('keeps the local path %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  // Vectors from oauth2-proxy's redirect validator tests (docs/security.md, A9).
  it.each([
    '//evil.com',
    '/\\evil.com',
    '/ /evil.com',
    '/\t/evil.com',
    '/\r/evil.com',
    '/\u000b\\\\evil.com',
    '/./\\\\evil.com',
    '/./../../\\\\evil.com',
    'https://evil.com',
    'https://app.example.com.evil.com/',
    'http://app.example.com:3838/',
    'javascript:alert(1)',
    '/%2F%2Fevil.com',
    '/%5Cevil.com',
    '',
    'relative/path',
    `/${'a'.repeat(3000)}`,
    `/${'a'.repeat(1024)}`,
  ])('falls back to / for %j', (input) => {
    expect(safeReturnTo(input)).toBe('/');
  });

  it('keeps a path of up to 1,024 characters, so a pending login stays small', () => {
    expect(safeReturnTo(`/${'a'.repeat(1023)}`)).toBe(`/${'a'.repeat(1023)}`);
  });

  it('falls back to / for non-strings', () => {
    expect(safeReturnTo(['/a', '/b'])).toBe('/');
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo({ x: '/a' })).toBe('/');
  });
});
