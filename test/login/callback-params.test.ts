import fc from 'fast-check';
import { parseCallbackUrl } from '../../src/login/callback-params';

const S = 'Fq90_APTAcnjOty-txqS2nrrGM4zMngI6TVF1FEGgms';
const C = '40cba031-8fd2-4a88-89ff-36e07e5e060b';
const expected = { state: S, code: C, country: 'US', authorized: 'true', polluted: false };

describe('parseCallbackUrl: every way Securitize may compose the return URL', () => {
  it.each([
    ['path state, parameters after ?', `/callback/${S}?code=${C}&country=US&authorized=true`],
    ['path state, parameters after &', `/callback/${S}&code=${C}&country=US&authorized=true`],
    ['path state, every parameter after ?', `/callback/${S}?code=${C}?country=US?authorized=true`],
    ['earlier query form, & after the query', `/callback?state=${S}&code=${C}&country=US&authorized=true`],
    ['earlier query form, a second ?', `/callback?state=${S}?code=${C}&country=US&authorized=true`],
    [
      'earlier query form, our delimiters encoded',
      `/callback%3Fstate%3D${S}?code=${C}&country=US&authorized=true`,
    ],
    [
      'earlier query form, lower-case escapes',
      `/callback%3fstate%3d${S}%26code=${C}&country=US&authorized=true`,
    ],
  ])('%s', (_name, url) => {
    expect(parseCallbackUrl(url)).toEqual(expected);
  });

  it('reads a callback without code as a cancelled login (no code key)', () => {
    expect(parseCallbackUrl(`/callback/${S}`)).toEqual({ state: S, polluted: false });
  });

  it.each([
    ['a repeated code', `/callback/${S}?code=a&code=b`],
    ['a code array', `/callback/${S}?code[]=a`],
    ['a code object', `/callback/${S}?code[x]=1&code=a`],
    ['a state in both path and query', `/callback/${S}?state=${S}&code=a`],
    ['a repeated query state', `/callback?state=${S}&state=${S}&code=a`],
    ['an encoded second code', `/callback/${S}?code=a%26code%3Db`],
  ])('marks %s as polluted', (_name, url) => {
    expect(parseCallbackUrl(url)?.polluted).toBe(true);
  });

  it('drops a repeated display hint instead of guessing', () => {
    expect(parseCallbackUrl(`/callback/${S}?code=${C}&authorized=true&authorized=false`)).toEqual({
      state: S,
      code: C,
      polluted: false,
    });
  });

  it('is not a callback: other paths, deeper paths', () => {
    expect(parseCallbackUrl('/callbackfoo')).toBeNull();
    expect(parseCallbackUrl(`/callback/${S}/more?code=a`)).toBeNull();
    expect(parseCallbackUrl('/login')).toBeNull();
  });

  it('never throws and stays linear on hostile input (a 16,000-bracket key parses at once)', () => {
    const hostile = `/callback?${'['.repeat(16_000)}%0A=1&${'%'.repeat(8000)}=${'&'.repeat(8000)}`;
    const started = process.hrtime.bigint();
    expect(parseCallbackUrl(hostile)).toEqual({ polluted: false });
    // Generous: a quadratic parse of this input takes hundreds of milliseconds.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(100);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (tail) => {
        const r = parseCallbackUrl(`/callback${tail}`);
        return r === null || typeof r.polluted === 'boolean';
      }),
      { numRuns: 500 },
    );
  });
});
