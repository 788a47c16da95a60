/** Vouching for the investor to the app's own backend: facts, assertions, forward-auth, the app-API proxy, library mode. */
export { createVouching } from './create-vouching';
export type { VouchingDeps } from './create-vouching';
export type { Library } from './library';
export type { Freshness, DropSource } from './freshness';
