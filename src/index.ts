/** The package's public surface, for people who embed the BFF or build on its parts. */
export { createApp, metricsHandler } from './app';
export type { AppDeps } from './app';
export { createBffRouter } from './bff-router';
export type { BffDeps, BffRouterOptions } from './bff-router';
export { createMetrics } from './metrics';
export type { Metrics } from './metrics';
export { createSessionReader } from './session/reader';
export type { ActiveSession } from './session/reader';
export { requireInvestor, requireCsrfHeader } from './http/guards';
export { loadConfig, ConfigError } from './config';
export type { Config } from './config';
export { createLogger } from './logger';
export { createRedis } from './redis';
export { createSecuritizeClient } from './securitize';
export type { SecuritizeClient, TokenSet } from './securitize';
export { AppError } from './errors';
export type { ErrorCode } from './errors';
