/** Sessions: the one public face of src/session/. */
export { createSessions } from './sessions';
export type { Sessions, SessionsDeps } from './sessions';
export type { ActiveSession } from './reader';
export type { FactsStore } from './facts-store';
export type { NewSession } from './create';
export { discardUnsaved } from './create';
export type { EndReason } from './end';
export type { IndexedSession } from './investor-index';
export type { StoredTokens } from './record';
export type { CasResult, SessionStateStore } from './token-state';
export { fingerprint } from './token-state';
export { createInvestorHandles } from './handle';
// For tools that write or inspect stored sessions the way the product does (the benchmark).
export { createTokenCodec } from './codec';
export type { TokenCodec } from './codec';
export { bindingOf, parseRecord, tokenFields } from './record';
export { sessionKey, SESSION_PREFIX } from './keys';
