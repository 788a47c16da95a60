/**
 * The store: the one folder that talks to Redis. Every key, Lua script, lease and classification of
 * a Redis error is here; the rest of the product calls a store function, which fails with an
 * AppError already (503 `session_store_unavailable` for an outage, 500 for a bug).
 */
export { closeRedis, createRedis, describeRedis, isReady } from './client';
export type { RedisClient } from './client';
export { inspectRedis } from './inspect';
export type { RedisFacts } from './inspect';
export { isRedisFailure, storeUnavailable } from './errors';
export { createLeases } from './lease';
export type { LeaseHooks, LeaseOutcome, LeaseSpec, UnderLease } from './lease';
export { createBoundedMap, createSingleFlight } from './memory';
export type { BoundedMap } from './memory';
export { createTokenCodec } from './seal';
export type { TokenCodec, SealedTokens } from './seal';
export { bindingOf, openTokens, parseRecord, tokenFields } from './session-record';
export type { Bound, SessionRecord, StoredTokens } from './session-record';
export { createSessionStore } from './session-store';
export type { EndTarget, SessionStore } from './session-store';
export { createTokenStore, fingerprint } from './token-store';
export type { CasResult, TokenStore } from './token-store';
export { createFactsStore } from './facts-store';
export type { FactsStore } from './facts-store';
export { createIndexStore } from './index-store';
export type { IndexStore, IndexedSession, SessionMeta } from './index-store';
export { createTransactionStore } from './transaction-store';
export type { LoginTransaction, TransactionStore } from './transaction-store';
export { createRateStore } from './rate-store';
export type { RateStore } from './rate-store';
export { SESSION_PREFIX, sessionKey } from './keys';
export { AUDIT_ID, createAuditStore } from './audit-store';
export type { AuditPage, AuditQuery, AuditStore } from './audit-store';
export { createBus, createLocalBus } from './bus';
export type { Bus, BusMessage } from './bus';
export { createDomainMapStore } from './domain-map-store';
export type { DomainMapStore } from './domain-map-store';
export { createDeliveryStore } from './delivery-store';
export type { DeliveryStore } from './delivery-store';
