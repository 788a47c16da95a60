import { ipKeyGenerator } from 'express-rate-limit';
import { rateLimitKey } from '../../src/http/rate-limit';

describe('rate-limit keys', () => {
  it('match express-rate-limit’s own keys for IPv4, IPv4-mapped and IPv6 addresses', () => {
    const addresses = [
      '127.0.0.1',
      '203.0.113.9',
      '::ffff:127.0.0.1',
      '::ffff:198.51.100.20',
      '2001:db8::1',
      '2001:db8:0:ff::1',
      '::1',
      'fe80::1',
      '::ffff:7f00:1',
    ];
    for (const ip of addresses) expect([ip, rateLimitKey(ip)]).toEqual([ip, ipKeyGenerator(ip)]);
    expect(rateLimitKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(rateLimitKey('2001:db8::1')).toBe('2001:db8::/56');
    expect(rateLimitKey(undefined)).toBe('unknown');
    // Whatever is not an address shares one key.
    for (const made of ['{x}', 'evil', '1.2.3', '::g', '10.0.0.1:80', '', ' 1.2.3.4'])
      expect([made, rateLimitKey(made)]).toEqual([made, 'unknown']);
  });
});
