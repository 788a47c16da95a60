/** Vouching for the investor to the app's own backend: facts, assertions, forward-auth, the gateway, library mode. */
export { createFactsSource } from './facts';
export type { FactsSource } from './facts';
export { createAssertions } from './assertions';
export type { Assertions } from './assertions';
export { createVouch } from './decide';
export type { Vouch, Vouched } from './decide';
export { forwardAuthRoute } from './forward-auth';
export { createGateway } from './gateway';
export { createLibrary } from './library';
export type { Library } from './library';
