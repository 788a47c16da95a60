import { loadConfig } from '../../src/config';
import { base, problemsOf, prod } from '../helpers/config-env';

describe('loadConfig (H1)', () => {
  it('applies the documented defaults in development', () => {
    const c = loadConfig(base);
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.callbackUrl).toBe('http://localhost:3000/callback');
    expect(c.appUrl).toBe('http://localhost:3000');
    expect(c.ownOrigins).toEqual(['http://localhost:3000']);
    expect(c.securitize.apiUrl).toBe('https://sec-id-api.sandbox.securitize.io');
    expect(c.securitize.loginUrl).toBe('https://id.sandbox.securitize.io');
    expect(c.securitize.scope).toBe('info details verification');
    expect(c.session).toMatchObject({
      sameSite: 'strict',
      cookieName: 'sid',
      txCookieName: 'tx',
      secure: false,
    });
    expect(c.trustProxy).toBe(0);
    expect(Object.isFrozen(c.session)).toBe(true);
  });

  it('derives __Host- cookie names and Secure from an https PUBLIC_URL (C1, A12)', () => {
    const c = loadConfig(prod);
    expect(c.session).toMatchObject({ cookieName: '__Host-sid', txCookieName: '__Host-tx', secure: true });
  });

  it('splits a comma-separated SESSION_SECRET into a rotation list, newest first', () => {
    const old = 'Zm9vYmFyYmF6cXV4LW9sZC1zZWNyZXQtMTIz';
    const c = loadConfig({ ...base, SESSION_SECRET: `${base.SESSION_SECRET}, ${old}` });
    expect(c.session.secrets).toEqual([base.SESSION_SECRET, old]);
  });

  it('in production refuses a missing REDIS_URL, an http PUBLIC_URL and a weak secret, all at once', () => {
    const problems = problemsOf({
      ...prod,
      REDIS_URL: undefined,
      PUBLIC_URL: 'http://bff.example.com',
      SESSION_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    });
    expect(problems.some((p) => p.startsWith('REDIS_URL:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('PUBLIC_URL:') && p.includes('https'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SESSION_SECRET:') && p.includes('weak'))).toBe(true);
  });

  it('refuses a session secret shorter than 32 characters in any environment', () => {
    expect(problemsOf({ ...base, SESSION_SECRET: 'short' })).toEqual([
      'SESSION_SECRET: must be at least 32 characters (make one with: openssl rand -base64 32)',
    ]);
  });

  it('names every missing required variable and never echoes a secret value', () => {
    const secret = 'do-not-echo-me-0123456789abcdef';
    let message = '';
    try {
      loadConfig({ SESSION_SECRET: secret.slice(0, 10), SECURITIZE_SECRET: 'x\ny', PORT: 'abc' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('PORT');
    try {
      loadConfig({ SESSION_SECRET: 'short-secret', SECURITIZE_SECRET: `${secret}\n` });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('SECURITIZE_CLIENT_ID: required');
    expect(message).toContain('SESSION_SECRET: must be at least 32 characters');
    expect(message).not.toContain(secret);
    expect(message).not.toContain('short-secret');
  });

  it('rejects malformed URLs, ports and enums', () => {
    const problems = problemsOf({
      ...base,
      PUBLIC_URL: 'bff.example.com',
      APP_URL: 'https://app.example.com/?x=1',
      SECURITIZE_API_URL: 'ftp://x',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'PUBLIC_URL: must be an absolute http(s) URL',
        'APP_URL: must not contain a query string, fragment or credentials',
        'SECURITIZE_API_URL: must use http or https',
      ]),
    );
    expect(problemsOf({ ...base, SESSION_SAMESITE: 'loose' })[0]).toMatch(/^SESSION_SAMESITE:/);
    expect(problemsOf({ ...base, TRUST_PROXY: '-1' })[0]).toMatch(/^TRUST_PROXY \(entry 1\):/);
    expect(problemsOf({ ...base, SESSION_SAMESITE: 'none' })[0]).toMatch(/requires an https PUBLIC_URL/);
  });

  it('session lifetimes: the absolute one is at most the refresh token life, the idle one at most the absolute (B9, C8)', () => {
    expect(problemsOf({ ...base, SESSION_ABSOLUTE_TIMEOUT: String(366 * 24 * 3600) })[0]).toMatch(
      /^SESSION_ABSOLUTE_TIMEOUT:/,
    );
    expect(problemsOf({ ...base, SESSION_IDLE_TIMEOUT: '7200', SESSION_ABSOLUTE_TIMEOUT: '3600' })).toEqual([
      'SESSION_IDLE_TIMEOUT: must not be longer than SESSION_ABSOLUTE_TIMEOUT',
    ]);
    expect(loadConfig(base).session).toMatchObject({
      idleTimeoutSeconds: 1800,
      absoluteTimeoutSeconds: 43200,
    });
  });

  it('token encryption keys are required, 32 bytes each, with distinct ids (C14)', () => {
    expect(problemsOf({ ...base, TOKEN_ENCRYPTION_KEYS: undefined })[0]).toMatch(
      /^TOKEN_ENCRYPTION_KEYS: required/,
    );
    expect(problemsOf({ ...base, TOKEN_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })[0]).toMatch(/32 bytes/);
    const key = Buffer.alloc(32, 2).toString('base64');
    expect(problemsOf({ ...base, TOKEN_ENCRYPTION_KEYS: `k1:${key},k1:${key}` })[0]).toMatch(/duplicate/);
    expect(
      loadConfig({ ...base, TOKEN_ENCRYPTION_KEYS: `new:${key}, old:${key}` }).tokenEncryptionKeys.map(
        (k) => k.kid,
      ),
    ).toEqual(['new', 'old']);
  });

  it('accepts a production configuration that is complete', () => {
    const c = loadConfig({ ...prod, APP_URL: 'https://app.example.com/', TRUST_PROXY: '1' });
    expect(c.appUrl).toBe('https://app.example.com');
    expect(c.ownOrigins).toEqual(['https://bff.example.com', 'https://app.example.com']);
    expect(c.trustProxy).toBe(1);
    expect(c.devPage).toBe(false);
  });
});

describe('login transactions and the Securitize API style', () => {
  it('LOGIN_TRANSACTION_TTL defaults to 3600 s and accepts 300 to 86400', () => {
    expect(loadConfig(base).loginTransactionTtlSeconds).toBe(3600);
    expect(loadConfig({ ...base, LOGIN_TRANSACTION_TTL: '300' }).loginTransactionTtlSeconds).toBe(300);
    expect(loadConfig({ ...base, LOGIN_TRANSACTION_TTL: '86400' }).loginTransactionTtlSeconds).toBe(86400);
    for (const bad of ['299', '86401', 'an hour'])
      expect(problemsOf({ ...base, LOGIN_TRANSACTION_TTL: bad }).join('\n')).toMatch(
        /^LOGIN_TRANSACTION_TTL: /,
      );
  });

  it('SECURITIZE_API_STYLE=gateway picks the connect-gw sandbox host and the gateway paths', () => {
    const c = loadConfig({ ...base, SECURITIZE_API_STYLE: 'gateway' });
    expect(c.securitize.style).toBe('gateway');
    expect(c.securitize.apiUrl).toBe('https://connect-gw.sandbox.securitize.io');
    expect(c.securitize.paths.authorize).toBe('/api/auth/v1/authorize');
    expect(loadConfig(base).securitize.style).toBe('direct');
    expect(problemsOf({ ...base, SECURITIZE_API_STYLE: 'graphql' })[0]).toMatch(/^SECURITIZE_API_STYLE: /);
  });

  it('SECURITIZE_PATHS overrides a path and reports a bad one without echoing it', () => {
    const c = loadConfig({ ...base, SECURITIZE_PATHS: 'refresh=/v2/{clientId}/oauth2/refresh' });
    expect(c.securitize.paths.refresh).toBe('/v2/{clientId}/oauth2/refresh');
    const problems = problemsOf({ ...base, SECURITIZE_PATHS: 'refresh=/x?secret-ish' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain('secret-ish');
  });

  it('SECURITIZE_PATHS values are paths: never protocol-relative (//host/…), never a URL, no empty segment', () => {
    for (const value of [
      'refresh=//evil.example/{clientId}/oauth2/refresh',
      'refresh=/v1//{clientId}/oauth2/refresh',
      'refresh=https://evil.example/{clientId}',
      'refresh=evil.example/{clientId}',
    ])
      expect([value, problemsOf({ ...base, SECURITIZE_PATHS: value })[0]]).toEqual([
        value,
        expect.stringMatching(/^SECURITIZE_PATHS: refresh must be a path starting with \//),
      ]);
  });

  it('production takes http Securitize URLs only to this machine (the secret and codes would travel in clear)', () => {
    const http = {
      SECURITIZE_API_URL: 'http://securitize.internal:4000',
      SECURITIZE_LOGIN_URL: 'http://10.0.0.5',
    };
    expect(problemsOf({ ...prod, ...http })).toEqual([
      'SECURITIZE_API_URL: must be https in production (the secret, codes and tokens would travel in clear); http only to this machine (localhost, 127.0.0.1, ::1)',
      'SECURITIZE_LOGIN_URL: must be https in production (the secret, codes and tokens would travel in clear); http only to this machine (localhost, 127.0.0.1, ::1)',
    ]);
    for (const host of [
      'http://127.0.0.1:4000',
      'http://localhost:4000',
      'http://[::1]:4000',
      'https://x.example',
    ])
      expect(
        loadConfig({ ...prod, SECURITIZE_API_URL: host, SECURITIZE_LOGIN_URL: host }).securitize.apiUrl,
      ).toBe(host);
    // Development takes any http URL (a simulator on another host).
    expect(loadConfig({ ...base, ...http }).securitize.apiUrl).toBe('http://securitize.internal:4000');
  });
});

describe('token encryption keys', () => {
  const key = (bytes: Buffer) => `k1:${bytes.toString('base64')}`;
  it('must be strict base64 of exactly 32 bytes; the message says how to make one', () => {
    const good = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 5 + 1)).toString('base64');
    for (const bad of [
      `k1:${good.slice(0, -4)}`,
      `k1:${good}AAAA`,
      `k1:${good.slice(0, 10)}$$${good.slice(10)}`,
      `k1:${good.replace(/=$/, '')}`,
      `k1:${Buffer.from(good, 'base64').toString('base64url')}x`,
    ]) {
      const problems = problemsOf({ ...base, TOKEN_ENCRYPTION_KEYS: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^TOKEN_ENCRYPTION_KEYS \(entry 1\): .*openssl rand -base64 32/);
    }
    expect(problemsOf({ ...base, TOKEN_ENCRYPTION_KEYS: undefined })[0]).toContain('openssl rand -base64 32');
    expect(problemsOf({ ...base, SESSION_SECRET: undefined })[0]).toContain('openssl rand -base64 32');
  });

  it('production refuses a degenerate key (all bytes equal, or fewer than 16 distinct values); development takes it', () => {
    const degenerate = [Buffer.alloc(32, 7), Buffer.from(Array.from({ length: 32 }, (_, i) => i % 15))];
    for (const bytes of degenerate) {
      expect(problemsOf({ ...prod, TOKEN_ENCRYPTION_KEYS: key(bytes) })).toEqual([
        expect.stringMatching(/^TOKEN_ENCRYPTION_KEYS \(entry 1\): not a random key, refused in production/),
      ]);
      expect(loadConfig({ ...base, TOKEN_ENCRYPTION_KEYS: key(bytes) }).tokenEncryptionKeys).toHaveLength(1);
    }
    expect(
      loadConfig({
        ...prod,
        TOKEN_ENCRYPTION_KEYS: key(Buffer.from(Array.from({ length: 32 }, (_, i) => i % 16))),
      }).env,
    ).toBe('production');
  });
});

describe('API rate limit and logout clearing', () => {
  it('RATE_LIMIT_API defaults to 600 a minute; 0 turns it off', () => {
    expect(loadConfig(base).rateLimitApiPerMinute).toBe(600);
    expect(loadConfig({ ...base, RATE_LIMIT_API: '0' }).rateLimitApiPerMinute).toBe(0);
    expect(problemsOf({ ...base, RATE_LIMIT_API: '-1' })[0]).toMatch(/^RATE_LIMIT_API: /);
  });

  it('LOGOUT_CLEAR_SITE_DATA: "cache" by default, none, or a list; anything else is refused', () => {
    expect(loadConfig(base).logoutClearSiteData).toBe('"cache"');
    expect(loadConfig({ ...base, LOGOUT_CLEAR_SITE_DATA: 'none' }).logoutClearSiteData).toBeUndefined();
    expect(loadConfig({ ...base, LOGOUT_CLEAR_SITE_DATA: 'cache, storage' }).logoutClearSiteData).toBe(
      '"cache", "storage"',
    );
    for (const bad of ['everything', 'cache,cache', '"cookies"'])
      expect(problemsOf({ ...base, LOGOUT_CLEAR_SITE_DATA: bad })).toEqual([
        'LOGOUT_CLEAR_SITE_DATA: none, or a list of cache, storage, cookies',
      ]);
  });
});

describe('side listeners', () => {
  it('bind 127.0.0.1 unless FORWARD_AUTH_HOST / METRICS_HOST give another address', () => {
    const c = loadConfig(base);
    expect([c.forwardAuth.host, c.metricsHost]).toEqual(['127.0.0.1', '127.0.0.1']);
    const wide = loadConfig({ ...base, FORWARD_AUTH_HOST: '0.0.0.0', METRICS_HOST: '::' });
    expect([wide.forwardAuth.host, wide.metricsHost]).toEqual(['0.0.0.0', '::']);
    expect(problemsOf({ ...base, METRICS_HOST: 'everywhere', FORWARD_AUTH_HOST: 'localhost' })).toEqual([
      'METRICS_HOST: must be an IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
      'FORWARD_AUTH_HOST: must be an IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
    ]);
  });
});

describe('TRUST_PROXY', () => {
  it('is a hop count from 0 to 10, or a list of proxy addresses, CIDR ranges and Express’s names', () => {
    expect(loadConfig(base).trustProxy).toBe(0);
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(
      loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.5, fd00::/8' }).trustProxy,
    ).toEqual(['loopback', '10.0.0.0/8', '192.168.1.5', 'fd00::/8']);
    expect(problemsOf({ ...base, TRUST_PROXY: '11' })).toEqual([
      'TRUST_PROXY: a hop count from 0 to 10, or a list of proxy addresses',
    ]);
    expect(problemsOf({ ...base, TRUST_PROXY: 'loopback, proxy.internal, 10.0.0.0/33' })).toEqual([
      'TRUST_PROXY (entry 2): must be an IP address, a CIDR range, or one of loopback, linklocal, uniquelocal',
      'TRUST_PROXY (entry 3): must be an IP address, a CIDR range, or one of loopback, linklocal, uniquelocal',
    ]);
  });
});
