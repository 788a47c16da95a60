import { browserFamily } from '../../src/session';
import { adminLogPath } from '../../src/admin';

describe('the browser family kept at login', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1',
      'Chrome',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Edge',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox'],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
      'Safari',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0',
      'other',
    ],
    ['curl/8.5.0', 'other'],
    ['', 'other'],
  ])('%s: %s', (ua, family) => {
    expect(browserFamily(ua)).toBe(family);
  });
  it('no user agent: other', () => expect(browserFamily(null)).toBe('other'));
});

describe('the admin API’s paths in the logs', () => {
  it.each([
    ['/admin/investors/5f1a2b3c4d5e6f7a8b9c0d02/sessions', '/admin/investors/:investorId/sessions'],
    [
      '/admin/investors/5f1a2b3c4d5e6f7a8b9c0d02/sessions/abcdefghijklmnop',
      '/admin/investors/:investorId/sessions/:handle',
    ],
    ['/admin/investors/5f1a2b3c4d5e6f7a8b9c0d02/facts/refresh', '/admin/investors/:investorId/facts/refresh'],
    ['/admin/investors/5f1a2b3c4d5e6f7a8b9c0d02', '/admin/investors/:investorId'],
    ['/admin/audit', '/admin/audit'],
    ['/admin/investors/x/y/z/w', '/admin/…'],
    ['/anything', '/admin/…'],
  ])('%s is written %s', (path, logged) => {
    expect(adminLogPath(path)).toBe(logged);
  });
});
