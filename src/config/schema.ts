import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const intIn = (min: number, max: number, fallback: number) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(min).max(max))
      .optional()
      .transform((v) => v ?? fallback),
  );

const flag = optionalString.pipe(
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true' || v === '1'),
);

/** A port that is off when unset. */
const optionalPort = optionalString.pipe(
  z
    .string()
    .regex(/^\d+$/, 'must be a port number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535))
    .optional(),
);

export const schema = z.object({
  NODE_ENV: optionalString.pipe(
    z
      .enum(['development', 'production', 'test'])
      .optional()
      .transform((v) => v ?? 'development'),
  ),
  PORT: intIn(0, 65535, 3000),
  PUBLIC_URL: optionalString,
  APP_URL: optionalString,
  SECURITIZE_CLIENT_ID: optionalString,
  SECURITIZE_SECRET: optionalString,
  SECURITIZE_API_URL: optionalString,
  SECURITIZE_LOGIN_URL: optionalString,
  SECURITIZE_SCOPE: optionalString,
  SECURITIZE_TIMEOUT_MS: intIn(100, 60000, 5000),
  SECURITIZE_API_STYLE: optionalString.pipe(
    z
      .enum(['direct', 'gateway'])
      .optional()
      .transform((v) => v ?? 'direct'),
  ),
  SECURITIZE_PATHS: optionalString,
  SECURITIZE_WEBHOOK_TOKEN: optionalString,
  SECURITIZE_WEBHOOK_PUBLIC_KEY: optionalString,
  SECURITIZE_WEBHOOK_SIGNATURE_HEADER: optionalString,
  SECURITIZE_WEBHOOK_SIGNATURE_ENCODING: optionalString.pipe(
    z.enum(['base64', 'hex'], { message: 'must be base64 or hex' }).optional(),
  ),
  SECURITIZE_WEBHOOK_SIGNATURE: optionalString.pipe(
    z.enum(['report', 'enforce'], { message: 'must be report or enforce' }).optional(),
  ),
  SECURITIZE_DOMAIN_API_URL: optionalString,
  SECURITIZE_DOMAIN_API_KEY: optionalString,
  SECURITIZE_DOMAIN_ID: optionalString,
  KYC_CHANGE_ENDS_SESSIONS: optionalString.pipe(
    z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  ),
  LOGIN_TRANSACTION_TTL: intIn(300, 86400, 3600),
  REDIS_URL: optionalString,
  REDIS_SENTINELS: optionalString,
  REDIS_SENTINEL_NAME: optionalString,
  REDIS_CLUSTER_NODES: optionalString,
  REDIS_USERNAME: optionalString,
  REDIS_PASSWORD: optionalString,
  REDIS_SENTINEL_USERNAME: optionalString,
  REDIS_SENTINEL_PASSWORD: optionalString,
  REDIS_TLS: flag,
  REDIS_SENTINEL_TLS: flag,
  REDIS_TLS_CA_FILE: optionalString,
  REDIS_COMMAND_TIMEOUT_MS: intIn(50, 10000, 500),
  SESSION_SECRET: optionalString,
  SESSION_SAMESITE: optionalString.pipe(
    z
      .enum(['strict', 'lax', 'none'])
      .optional()
      .transform((v) => v ?? 'strict'),
  ),
  SESSION_IDLE_TIMEOUT: intIn(1, 365 * 24 * 3600, 1800),
  SESSION_ABSOLUTE_TIMEOUT: intIn(1, 365 * 24 * 3600, 12 * 3600),
  TOKEN_ENCRYPTION_KEYS: optionalString,
  RATE_LIMIT_LOGIN: intIn(1, 100000, 30),
  RATE_LIMIT_API: intIn(0, 1000000, 600),
  LOGOUT_CLEAR_SITE_DATA: optionalString,
  METRICS_PORT: optionalPort,
  METRICS_HOST: optionalString,
  SHUTDOWN_TIMEOUT_MS: intIn(0, 600000, 10000),
  TRUST_PROXY: optionalString,
  ASSERTION_SIGNING_KEYS: optionalString,
  ASSERTION_AUDIENCE: optionalString,
  ASSERTION_TTL: intIn(10, 300, 60),
  FORWARD_AUTH_PORT: optionalPort,
  FORWARD_AUTH_HOST: optionalString,
  FORWARD_AUTH_HEADERS: optionalString.pipe(
    z
      .enum(['nginx', 'traefik'])
      .optional()
      .transform((v) => v ?? 'nginx'),
  ),
  POLICY_FILE: optionalString,
  KYC_FACTS_MAX_AGE: intIn(0, 24 * 3600, 300),
  ADMIN_PORT: optionalPort,
  ADMIN_HOST: optionalString,
  ADMIN_TOKENS: optionalString,
  AUDIT_MAX_EVENTS: intIn(0, 100_000_000, 100_000),
  TOKEN_REFRESH_MARGIN: intIn(0, 24 * 3600, 300),
  REFRESH_LOCK_TTL_MS: intIn(100, 60000, 5000),
  LOG_LEVEL: optionalString.pipe(
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .optional()
      .transform((v) => v ?? 'info'),
  ),
});

export type Raw = z.infer<typeof schema>;

/** Every variable loadConfig reads. */
export const KNOWN_VARIABLES: readonly string[] = Object.keys(schema.shape);
