import fc from 'fast-check';
import { createCipheriv, randomBytes } from 'node:crypto';
import { createTokenCodec } from '../../src/store/seal';
import { packTokens, unpackTokens } from '../../src/store/token-pack';

const jwt = () =>
  [
    Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
    Buffer.from(JSON.stringify({ sub: 'x', pad: randomBytes(800).toString('base64url') })).toString(
      'base64url',
    ),
    randomBytes(32).toString('base64url'),
  ].join('.');

describe('token packing before encryption (C14)', () => {
  it('round-trips any pair of strings exactly', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        expect(unpackTokens(packTokens([a, b]), 2)).toEqual([a, b]);
      }),
      { numRuns: 300 },
    );
    for (const odd of ['a.b.c', 'abc=', 'a..b', '.', '', 'QQ', 'QR', 'é.x'])
      expect(unpackTokens(packTokens([odd, odd]), 2)).toEqual([odd, odd]);
  });

  it('stores a 1.1 KB JWT in well under its own size; sessions sealed by earlier versions do not open', () => {
    const access = jwt();
    const refresh = randomBytes(48).toString('base64url');
    expect(access.length).toBeGreaterThan(1000);
    expect(packTokens([access, refresh]).length).toBeLessThan((access.length + refresh.length) * 0.8);
    const key = { kid: 'k1', key: randomBytes(32) };
    const codec = createTokenCodec([key]);
    const sealed = codec.seal({ accessToken: access, refreshToken: refresh }, 'sid-1');
    expect(sealed.startsWith('v3.k1.')).toBe(true);
    expect(codec.open(sealed, 'sid-1')).toEqual({ accessToken: access, refreshToken: refresh });
    expect(codec.verify(sealed, 'sid-1')).toBe(true);
    expect(codec.verify(sealed, 'sid-2')).toBe(false);

    // A v2 value (bound to the session id only): the same bytes under the old label are refused.
    expect(codec.open(sealed.replace(/^v3/, 'v2'), 'sid-1')).toBeNull();
    // A v1 value (JSON plaintext) likewise.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.key, iv);
    cipher.setAAD(Buffer.from('sid-1'));
    const body = Buffer.concat([cipher.update(JSON.stringify(['old-a', 'old-r'])), cipher.final()]);
    const v1 = ['v1', 'k1', iv, body, cipher.getAuthTag()].map((x) =>
      typeof x === 'string' ? x : x.toString('base64url'),
    );
    expect(codec.open(v1.join('.'), 'sid-1')).toBeNull();
  });

  it('insists on the full 16-byte GCM tag: a truncated tag is refused even when its bytes are right', () => {
    const codec = createTokenCodec([{ kid: 'k1', key: randomBytes(32) }]);
    const sealed = codec.seal({ accessToken: 'a', refreshToken: 'r' }, 'sid');
    const parts = sealed.split('.');
    const tag = Buffer.from(parts[4]!, 'base64url');
    for (const bytes of [4, 8, 12, 15]) {
      const truncated = [...parts.slice(0, 4), tag.subarray(0, bytes).toString('base64url')].join('.');
      expect(codec.open(truncated, 'sid')).toBeNull();
      expect(codec.verify(truncated, 'sid')).toBe(false);
    }
    expect(codec.open(`${sealed}.extra`, 'sid')).toBeNull();
  });
});
