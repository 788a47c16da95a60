/** The package's public surface, for people who embed the BFF or build on its parts. */
export { createApp, createBff, createBffRouter } from './app';
export type { AppDeps, Bff, BffDeps, BffRouterOptions } from './app';
export type { WithAccessToken } from './bff-types';
export { metricsHandler, requireInvestor, requireCsrfHeader } from './http';
export { createMetrics } from './metrics';
export type { Metrics } from './metrics';
export type { ActiveSession } from './session';
export type { Requirements, KycFacts, PolicySet } from './policy';
export { loadConfig, ConfigError } from './config';
export type { Config } from './config';
export { createLogger } from './logger';
export { createBus, createRedis } from './store';
export type { Bus } from './store';
export { createSecuritizeClient } from './securitize';
export type { SecuritizeClient, TokenSet } from './securitize';
export { AppError } from './errors';
export type { ErrorCode } from './errors';
