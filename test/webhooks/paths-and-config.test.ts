import { loggedPath } from '../../src/http';
import { cleanAttributes, REDACTED } from '../../src/tracing/scrub';
import { ConfigError, loadConfig } from '../../src/config';
import { CLIENT_ID, ENCRYPTION_KEYS, SECRET, SESSION_SECRET } from '../helpers/harness';
import { keyPair, TOKEN } from './helpers';

/** The webhook's token stays out of logs and spans, and its configuration says what is wrong without echoing it. */
describe('the webhook path in logs and spans', () => {
  const hidden = [
    `/webhooks/securitize/${TOKEN}`,
    `/WEBHOOKS/Securitize/${TOKEN}`,
    `//webhooks//securitize/${TOKEN}`,
    `/webhooks%2Fsecuritize%2F${TOKEN}`,
    `/webhooks/securitize%2f${TOKEN}`,
    `/webhooks/securitize/${TOKEN}/more/parts`,
    `/prefix/webhooks/securitize/${TOKEN}`,
  ];
  test.each(hidden)('path form %# is logged without its token', (p) => {
    const logged = loggedPath(p);
    expect(logged).toMatch(/\/webhooks\/securitize\/…$/);
    expect(logged).not.toContain(TOKEN.slice(0, 8));
  });
  test('other paths are logged as before', () => {
    expect(loggedPath('/api/me')).toBe('/api/me');
    expect(loggedPath('/webhooks/securitize')).toBe('/webhooks/securitize');
  });
  test.each([
    `http://bff.test/webhooks/securitize/${TOKEN}`,
    `/WebHooks%2Fsecuritize%2F${TOKEN}`,
    'https://public-api.securitize.io/v1/domains/d1/investors/ext-42',
    '/v1//domains/d1/investors/ext-42',
  ])('span value %# is redacted', (v) => {
    expect(cleanAttributes({ 'url.full': v }, new Set(['url.full']))['url.full']).toBe(REDACTED);
  });
  test('the route template and the logged path are kept', () => {
    const attrs = {
      'http.route': '/webhooks/securitize/:token',
      'url.full': 'http://x/webhooks/securitize/…',
    };
    expect(cleanAttributes(attrs)).toEqual(attrs);
  });
});

describe('webhook configuration', () => {
  const base = {
    NODE_ENV: 'test',
    SECURITIZE_CLIENT_ID: CLIENT_ID,
    SECURITIZE_SECRET: SECRET,
    REDIS_URL: 'redis://127.0.0.1:1',
    SESSION_SECRET,
    TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };
  const { publicPem } = keyPair('rsa');

  test('off without a token; the rest set without it has no effect, and says so', () => {
    expect(loadConfig(base).webhooks).toBeUndefined();
    const p = problems({ SECURITIZE_DOMAIN_API_KEY: 'k:s', KYC_CHANGE_ENDS_SESSIONS: 'false' });
    expect(p).toEqual([
      'SECURITIZE_DOMAIN_API_KEY: has no effect without SECURITIZE_WEBHOOK_TOKEN (webhooks are off)',
      'KYC_CHANGE_ENDS_SESSIONS: has no effect without SECURITIZE_WEBHOOK_TOKEN (webhooks are off)',
    ]);
  });

  test('a full set: the key (with \\n escapes), the header in lower case, enforce by default, the sandbox Domain API', () => {
    const c = loadConfig({
      ...base,
      SECURITIZE_WEBHOOK_TOKEN: TOKEN,
      SECURITIZE_WEBHOOK_PUBLIC_KEY: publicPem.replace(/\n/g, '\\n'),
      SECURITIZE_WEBHOOK_SIGNATURE_HEADER: 'X-Sig',
      SECURITIZE_DOMAIN_API_KEY: 'k:s',
    });
    expect(c.webhooks).toMatchObject({
      signatureHeader: 'x-sig',
      signatureEncoding: 'base64',
      signatureMode: 'enforce',
      domainApi: { url: 'https://public-api.sandbox.securitize.io', apiKey: 'k:s' },
    });
    expect(c.webhooks?.publicKey?.asymmetricKeyType).toBe('rsa');
    expect(c.kycChangeEndsSessions).toBe(true);
  });

  test('every problem at once, and never a value', () => {
    const secretish = 'short-token-VALUE';
    const p = problems({
      SECURITIZE_WEBHOOK_TOKEN: secretish,
      SECURITIZE_WEBHOOK_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nVALUEVALUE\\n-----END PUBLIC KEY-----',
      SECURITIZE_DOMAIN_API_URL: 'http://domain.example',
      NODE_ENV: 'production',
    });
    const text = p.join('\n');
    expect(text).toContain('SECURITIZE_WEBHOOK_TOKEN: must be 32 to 256 URL-safe characters');
    expect(text).toContain('SECURITIZE_WEBHOOK_PUBLIC_KEY: not a PEM public key');
    expect(text).toContain(
      'SECURITIZE_WEBHOOK_SIGNATURE_HEADER: required with SECURITIZE_WEBHOOK_PUBLIC_KEY',
    );
    expect(text).toContain('SECURITIZE_DOMAIN_API_URL: must be https in production');
    expect(text).toContain('SECURITIZE_DOMAIN_API_KEY: required with SECURITIZE_WEBHOOK_TOKEN');
    expect(text).not.toContain('VALUE');
    expect(
      problems({
        SECURITIZE_WEBHOOK_TOKEN: TOKEN,
        SECURITIZE_DOMAIN_API_KEY: 'k:s',
        SECURITIZE_WEBHOOK_SIGNATURE: 'report',
      }),
    ).toEqual([
      'SECURITIZE_WEBHOOK_SIGNATURE: has no effect without SECURITIZE_WEBHOOK_PUBLIC_KEY (no signature is checked)',
    ]);
    expect(
      problems({
        SECURITIZE_WEBHOOK_TOKEN: TOKEN,
        SECURITIZE_DOMAIN_API_KEY: 'k:s',
        SECURITIZE_WEBHOOK_SIGNATURE_ENCODING: 'base32',
      }),
    ).toEqual(['SECURITIZE_WEBHOOK_SIGNATURE_ENCODING: must be base64 or hex']);
  });
});
