import pino, { DestinationStream, Logger } from 'pino';

/**
 * Paths that may hold a secret, a token, a code or a cookie. Redaction is the second line of
 * defence: the code also avoids logging such values in the first place.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["access-token"]',
  'res.headers["set-cookie"]',
  '*.accessToken',
  '*.refreshToken',
  '*.code',
  '*.secret',
  '*.password',
  '*.authorization',
  '*["access-token"]',
  '*.tok',
  '*.state',
  // Investor PII, should any of it ever reach a log line.
  '*.email',
  '*.fullName',
  '*.firstName',
  '*.lastName',
  '*.birthday',
  '*.birthDate',
  '*.phone',
  '*.address',
  '*.taxId',
  '*.tax',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
