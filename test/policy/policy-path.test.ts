import fc from 'fast-check';
import { normalizePath, underPrefix } from '../../src/policy';

describe('one reading of a request path', () => {
  test.each([
    ['//invest', '/invest'],
    ['/invest;a', '/invest'],
    ['/invest;a=1/x;b', '/invest/x'],
    ['/%69nvest', '/invest'],
    ['/a//', '/a/'],
    ['/a//b/', '/a/b/'],
    ['/a%20b', '/a%20b'],
    ['/a%7e', '/a~'],
    ['/a%2ex', '/a.x'],
  ])('%s reads as %s', (raw, path) => {
    expect(normalizePath(raw)).toEqual({ ok: true, path, query: '' });
  });

  test('the query is kept apart, unread', () => {
    expect(normalizePath('/a//b?x=/../y')).toEqual({ ok: true, path: '/a/b', query: '?x=/../y' });
  });

  test.each([
    ['/%2finvest', 'bad_escape'],
    ['/a%5cb', 'bad_escape'],
    ['/a%00', 'bad_escape'],
    ['/a%zz', 'bad_escape'],
    ['/a%2', 'bad_escape'],
    ['/x/../invest', 'dot_segment'],
    ['/a/./b', 'dot_segment'],
    ['/a/%2e%2e/b', 'dot_segment'],
    ['/a/%2E', 'dot_segment'],
    ['/..', 'dot_segment'],
    ['/a/..;x', 'dot_segment'],
    ['/a/.;x/b', 'dot_segment'],
    ['/a/%2e;/b', 'dot_segment'],
    ['/app/offerings/;/..', 'empty_parameter_segment'],
    ['/a/;x', 'empty_parameter_segment'],
    ['/a%3bb', 'bad_escape'],
    ['/a%3Bb', 'bad_escape'],
    ['/a\\b', 'bad_character'],
    ['/a b', 'bad_character'],
    ['/a#b', 'bad_character'],
    ['/é', 'bad_character'],
    ['/a\u0000', 'bad_character'],
    ['invest', 'not_absolute'],
    ['', 'not_absolute'],
    [`/${'a'.repeat(5000)}`, 'too_long'],
  ])('%s is refused (%s)', (raw, reason) => {
    expect(normalizePath(raw)).toEqual({ ok: false, reason });
  });

  test('prefixes match whole segments', () => {
    expect(underPrefix('/invest', '/invest')).toBe(true);
    expect(underPrefix('/invest/x', '/invest')).toBe(true);
    expect(underPrefix('/investor', '/invest')).toBe(false);
    expect(underPrefix('/anything', '/')).toBe(true);
  });

  test('property: a normalised path is its own reading, and has no dot segment, empty segment or escaped slash', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '.',
        '..',
        '',
        '%2e',
        '%2E%2e',
        'a;b',
        ';x',
        '..;x',
        '%41',
        '%2f',
        '%5C',
        '%3b',
        'invest',
        'INVEST',
        '%25',
      ),
      fc.stringMatching(/^[A-Za-z0-9._~-]{1,6}$/),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const n = normalizePath(`/${segments.join('/')}`);
        if (!n.ok) return;
        expect(normalizePath(n.path)).toEqual(n);
        const inner = n.path.split('/').slice(1, -1);
        expect(inner).not.toContain('');
        expect(n.path.split('/')).not.toContain('.');
        expect(n.path.split('/')).not.toContain('..');
        expect(n.path).not.toMatch(/%2f|%5c|%3b|;/i);
      }),
      { numRuns: 2000 },
    );
  });
});
