import { createLogger } from '../../src/logger';

describe('log redaction (F3, B4)', () => {
  it('cookies, authorization, access-token, tokens, codes, secrets and investor PII never reach the output (B4)', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (l: string) => void lines.push(l) });
    log.info(
      {
        req: {
          headers: { cookie: 'sid=s%3Aabc', authorization: 'raw-secret', 'access-token': 'jwt.jwt.jwt' },
        },
        res: { headers: { 'set-cookie': ['sid=s%3Aabc'] } },
        upstream: {
          accessToken: 'AT-1',
          refreshToken: 'RT-1',
          code: 'CODE-1',
          secret: 'S-1',
          tok: 'v1.k1.x',
        },
        investor: {
          email: 'a@b.c',
          fullName: 'Ann Bee',
          firstName: 'Ann',
          address: { city: 'X' },
          taxId: '123',
        },
      },
      'probe',
    );
    const out = lines.join('');
    for (const leaked of [
      's%3Aabc',
      'raw-secret',
      'jwt.jwt.jwt',
      'AT-1',
      'RT-1',
      'CODE-1',
      'S-1',
      'v1.k1.x',
      'a@b.c',
      'Ann',
      '123',
    ])
      expect(out).not.toContain(leaked);
    expect(out).toContain('[redacted]');
    expect(JSON.parse(out).msg).toBe('probe');
  });
});
