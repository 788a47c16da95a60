import pino, { DestinationStream, Logger } from 'pino';
import { traceLogFields } from './tracing';

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

/** `traceFields`: each line written inside a traced request carries its `trace_id` and `span_id`. */
export function createLogger(
  level: string,
  destination?: DestinationStream,
  options: { traceFields?: boolean } = {},
): Logger {
  return pino(
    {
      level,
      ...(options.traceFields && { mixin: traceLogFields }),
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
