import { createSecuritizeClient } from '../../src/securitize';

const client = createSecuritizeClient({
  apiUrl: 'https://sec-id-api.sandbox.securitize.io',
  loginUrl: 'https://id.sandbox.securitize.io',
  clientId: '123e4567-e89b-42d3-a456-426614174000',
  secret: 's',
  scope: 'info details verification',
  timeoutMs: 1000,
});

describe('buildAuthorizeUrl', () => {
  it('puts the documented parameters after #/authorize, with the scope as %20-separated words', () => {
    const url = client.buildAuthorizeUrl('https://bff.example.com/callback?state=abc_-123');
    expect(url).toBe(
      'https://id.sandbox.securitize.io/#/authorize?issuerId=123e4567-e89b-42d3-a456-426614174000' +
        '&scope=info%20details%20verification&redirecturl=https://bff.example.com/callback?state=abc_-123',
    );
  });

  it('encodes what would split the fragment (&, #, spaces) and nothing a URL parser needs', () => {
    const url = client.buildAuthorizeUrl('https://bff.example.com/cb?a=1&b=2#x y');
    const fragment = url.split('#/authorize?')[1]!;
    expect(fragment).toContain('redirecturl=https://bff.example.com/cb?a=1%26b=2%23x%20y');
    expect(new URLSearchParams(fragment).get('redirecturl')).toBe('https://bff.example.com/cb?a=1&b=2#x y');
  });
});
