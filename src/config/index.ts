/** Configuration, read once at the process edge: `loadConfig(env)` and what it returns. */
export { loadConfig } from './load';
export { ConfigError } from './types';
export type { Config } from './types';
export { KNOWN_VARIABLES } from './schema';
export type { RedisConfig, RedisEndpoint, RedisTopology } from './redis';
export type { SecuritizeConfig } from './securitize';
export type { TrustProxy } from './trust-proxy';
export { parseEncryptionKeys, KEY_HINT } from './encryption-keys';
export type { EncryptionKey } from './encryption-keys';
export { parseSigningKeys, SIGNING_KEY_HINT } from './assertion-keys';
export type { SigningKey } from './assertion-keys';
export { MIN_ADMIN_TOKEN_LENGTH } from './operations';
export type { AdminConfig, AdminToken } from './operations';
export type { WebhooksConfig } from './webhooks';
export { SANDBOX_DOMAIN_API } from './webhooks';
