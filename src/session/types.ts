import 'express-session';

/** What a logged-in session holds. Tokens never leave the server. */
export interface InvestorSession {
  investorId: string;
  accessToken: string;
  refreshToken: string;
  /** Access-token expiry as Securitize sent it (ISO-8601), and as epoch ms. */
  expiration: string;
  expiresAt: number;
  /** UX hints from the callback URL; unauthenticated, never used for decisions (§13.6). */
  country?: string;
  authorized: boolean;
  createdAt: number;
}

declare module 'express-session' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends Partial<InvestorSession> {}
}
