import { loadConfig } from '../../src/config';
import { base, problemsOf } from '../helpers/config-env';

const TOKEN_A = 'f3a91c07d2b84e6a9c15e7d0b2a4c8f1';
const TOKEN_B = '9Qz4-Lm8_xR2vT6wB1yN5kH0jG3fD7sA';

describe('ADMIN_PORT, ADMIN_HOST, ADMIN_TOKENS, AUDIT_MAX_EVENTS', () => {
  it('leave the admin API off and keep 100000 audit events by default', () => {
    const c = loadConfig(base);
    expect(c.admin).toEqual({ port: undefined, host: '127.0.0.1', tokens: [] });
    expect(c.audit).toEqual({ maxEvents: 100_000 });
  });

  it('read name:token entries, in order, for rotation', () => {
    const c = loadConfig({
      ...base,
      ADMIN_PORT: '9300',
      ADMIN_TOKENS: ` alice:${TOKEN_A} , bob.ops:${TOKEN_B}`,
      AUDIT_MAX_EVENTS: '0',
    });
    expect(c.admin).toEqual({
      port: 9300,
      host: '127.0.0.1',
      tokens: [
        { name: 'alice', token: TOKEN_A },
        { name: 'bob.ops', token: TOKEN_B },
      ],
    });
    expect(c.audit.maxEvents).toBe(0);
    expect(Object.isFrozen(c.admin.tokens[0])).toBe(true);
  });

  it('lists every problem at once, and never a token', () => {
    const short = 'abcdefghijklmnopqrstuvwxyz01234'; // 31 characters
    const repetitive = 'abcdabcdabcdabcdabcdabcdabcdabcdabcd';
    const fewChars = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab';
    const problems = problemsOf({
      ...base,
      PORT: '3000',
      ADMIN_PORT: '3000',
      ADMIN_HOST: 'localhost',
      ADMIN_TOKENS: [
        `alice:${short}`,
        `bob:${repetitive}`,
        `carol:${fewChars}`,
        `alice:${TOKEN_B}`,
        `dave:${TOKEN_B}`,
        `bad name:${TOKEN_A}`,
        'no-colon',
        `eve:${TOKEN_A.slice(0, 20)} ${TOKEN_A}`,
      ].join(','),
    });
    expect(problems).toEqual([
      'ADMIN_HOST: must be an IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
      'ADMIN_TOKENS (entry 1): the token must be at least 32 characters (make one with: openssl rand -hex 32)',
      'ADMIN_TOKENS (entry 2): the token is not random enough (make one with: openssl rand -hex 32)',
      'ADMIN_TOKENS (entry 3): the token is not random enough (make one with: openssl rand -hex 32)',
      'ADMIN_TOKENS (entry 4): the name "alice" is used twice',
      'ADMIN_TOKENS (entry 5): the same token is listed twice',
      'ADMIN_TOKENS (entry 6): the name must be 1 to 64 of A-Z a-z 0-9 . _ -',
      'ADMIN_TOKENS (entry 7): must be name:token (make one with: openssl rand -hex 32)',
      'ADMIN_TOKENS (entry 8): the token may hold only A-Z a-z 0-9 . _ ~ + / = -',
      'ADMIN_PORT: must not be PORT (the admin API has a listener of its own)',
    ]);
    const text = problems.join('\n');
    for (const secret of [short, repetitive, fewChars, TOKEN_A, TOKEN_B, TOKEN_A.slice(0, 20)])
      expect(text).not.toContain(secret);
  });

  it('require ADMIN_TOKENS with ADMIN_PORT, and a port of its own', () => {
    expect(problemsOf({ ...base, ADMIN_PORT: '9300' })).toEqual([
      'ADMIN_TOKENS: required with ADMIN_PORT, name:token entries (make one with: openssl rand -hex 32)',
    ]);
    expect(
      problemsOf({
        ...base,
        ADMIN_PORT: '9100',
        METRICS_PORT: '9100',
        FORWARD_AUTH_PORT: '9100',
        ADMIN_TOKENS: `a:${TOKEN_A}`,
      }),
    ).toEqual([
      'ADMIN_PORT: must not be FORWARD_AUTH_PORT (the admin API has a listener of its own)',
      'ADMIN_PORT: must not be METRICS_PORT (the admin API has a listener of its own)',
    ]);
    // Port 0 (an ephemeral port each) never collides.
    expect(loadConfig({ ...base, PORT: '0', ADMIN_PORT: '0', ADMIN_TOKENS: `a:${TOKEN_A}` }).admin.port).toBe(
      0,
    );
  });

  it('refuse an AUDIT_MAX_EVENTS that is not a whole number', () => {
    expect(problemsOf({ ...base, AUDIT_MAX_EVENTS: '-1' })).toEqual([
      'AUDIT_MAX_EVENTS: must be a whole number',
    ]);
    expect(problemsOf({ ...base, AUDIT_MAX_EVENTS: '1e5' })).toEqual([
      'AUDIT_MAX_EVENTS: must be a whole number',
    ]);
  });
});
