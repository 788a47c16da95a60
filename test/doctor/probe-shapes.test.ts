import { expirationForm, shapeOf, tokenShape } from '../../src/doctor/probe-shapes';

const NOW = Date.parse('2026-12-07T12:00:00Z');

describe('the probe’s shapes', () => {
  it('keeps key names, types and vocabularies, never a person’s value', () => {
    const enums = {};
    const shape = shapeOf(
      {
        fullName: 'Ada Lovelace',
        verificationStatus: 'manual-review',
        error: 'Ada Lovelace',
        message: 'Investor Ada Lovelace not found',
        documents: [{ docType: 'passport' }, { docType: 'selfie', side: 'front' }],
      },
      enums,
    );
    expect(shape).toEqual({
      fullName: 'string',
      verificationStatus: 'string "manual-review"',
      error: 'string',
      message: 'string',
      documents: [{ docType: 'string "selfie"', side: 'string "front"' }, '2 item(s)'],
    });
    expect(enums).toEqual({
      verificationStatus: ['manual-review'],
      docType: ['passport', 'selfie'],
      side: ['front'],
    });
    expect(JSON.stringify(shape)).not.toContain('Ada');
  });

  it('reads a JWT’s header and claim names and its lifetime, not its claims’ values', () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ investorId: 'abc123', iat: 1000, exp: 1000 + 604800 })}.sig`;
    expect(tokenShape(jwt)).toEqual({
      format: 'JWT',
      length: jwt.length,
      jwt: {
        alg: 'HS256',
        typ: 'JWT',
        claims: ['exp', 'iat', 'investorId'],
        lifetimeSeconds: 604800,
        expMs: 605800000,
      },
    });
    expect(tokenShape('a1b2c3')).toEqual({ format: 'hex', length: 6 });
  });

  it('tells the forms of expiration apart', () => {
    const inAnHour = NOW + 3600_000;
    expect(expirationForm(new Date(inAnHour).toISOString(), NOW)).toEqual({
      form: 'ISO-8601 (UTC, Z, fractional seconds)',
      inSeconds: 3600,
    });
    expect(expirationForm(inAnHour / 1000, NOW)).toEqual({ form: 'epoch seconds (number)', inSeconds: 3600 });
    expect(expirationForm(String(inAnHour), NOW)).toEqual({
      form: 'epoch milliseconds (string of digits)',
      inSeconds: 3600,
    });
    expect(expirationForm(3600, NOW).form).toMatch(/^a duration in seconds/);
    expect(expirationForm(undefined, NOW)).toEqual({ form: 'absent' });
  });
});
