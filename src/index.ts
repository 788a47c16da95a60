/** The package's public surface, for people who embed the BFF or build on its parts. */
export { createApp } from './app';
export type { AppDeps } from './app';
export { loadConfig, ConfigError } from './config';
export type { Config } from './config';
export { createLogger } from './logger';
export { createRedis } from './redis';
export { createSecuritizeClient } from './securitize';
export type { SecuritizeClient, TokenSet } from './securitize';
export { AppError } from './errors';
export type { ErrorCode } from './errors';
