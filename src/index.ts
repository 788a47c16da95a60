/** The package's public surface, for people who embed the BFF or build on its parts. */
export { createApp, metricsHandler } from './app';
export type { AppDeps } from './app';
export { createBff, createBffRouter } from './bff-router';
export type { Bff, BffDeps, BffRouterOptions } from './bff-router';
export type { WithAccessToken } from './auth';
export { createMetrics } from './metrics';
export type { Metrics } from './metrics';
export type { ActiveSession } from './session';
export type { Requirements, KycFacts, PolicySet } from './policy';
export { requireInvestor, requireCsrfHeader } from './http/guards';
export { loadConfig, ConfigError } from './config';
export type { Config } from './config';
export { createLogger } from './logger';
export { createRedis } from './redis';
export { createSecuritizeClient } from './securitize';
export type { SecuritizeClient, TokenSet } from './securitize';
export { AppError } from './errors';
export type { ErrorCode } from './errors';
