export { createSecuritizeClient } from './client';
export type { SecuritizeClient, SecuritizeClientOptions } from './client';
export type { TokenSet } from './schemas';
export type { InvestorCalls, WalletInput } from './investor-calls';
export type { Investor, Document, Signer, Wallet, Verification } from './normalize';
