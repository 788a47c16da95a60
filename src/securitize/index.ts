export { createSecuritizeClient } from './client';
export { SecuritizeError, isSecuritizeError } from './errors';
export type { SecuritizeOutcome, SecuritizeErrorDetail } from './errors';
export type { SecuritizeClient, SecuritizeClientOptions } from './client';
export type { TokenSet } from './token-answer';
export type { InvestorCalls, WalletInput } from './investor-calls';
export type { Investor, Document, Signer, Wallet, Verification } from './normalize';
export { DEFAULT_PATHS, EVIDENCED_GATEWAY_PATHS, ENDPOINTS, parsePathOverrides } from './endpoints';
export type { ApiStyle, EndpointName, EndpointPaths } from './endpoints';
