export { createSecuritizeClient } from './client';
export type { SecuritizeClient, SecuritizeClientOptions } from './client';
export type { TokenSet } from './schemas';
