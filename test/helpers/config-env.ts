import { ConfigError, loadConfig } from '../../src/config';

/** The least a development configuration needs (no Redis is reached: loadConfig does no I/O). */
export const base = {
  SECURITIZE_CLIENT_ID: '8c0c7c23-5865-40aa-9f77-fe7e733d5af7',
  SECURITIZE_SECRET: 'super-secret-value-95cacd3d',
  SESSION_SECRET: 'k3J9x-Qp2LmZ8vB4nR7tW1yC6hD0fG5s',
  REDIS_URL: 'redis://127.0.0.1:6390',
  TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.from(Array.from({ length: 32 }, (_, i) => i * 5 + 1)).toString('base64')}`,
};
export const prod = {
  ...base,
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://bff.example.com',
  REDIS_URL: 'redis://redis:6379',
};

/** The problems loadConfig lists for `env` (it must refuse it). */
export function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}
