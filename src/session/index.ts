/** Sessions: the one public face of src/session/. */
export { createSessions } from './sessions';
export type { Sessions, SessionsDeps } from './sessions';
export type { ActiveSession, LoadSession } from './reader';
export type { NewSession } from './create';
export type { EndedSession, EndOptions, EndReason } from './end';
export { createInvestorHandles, investorHandle, sessionHandle } from './handle';
export { browserFamily } from './browser';
export type { BrowserFamily } from './browser';
