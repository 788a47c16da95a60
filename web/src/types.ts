// The JSON shapes the BFF answers (README "HTTP interface" and "Investor API"). Absent fields are null.

export interface Me {
  investorId: string;
  tokenExpiresAt: string;
  country: string | null;
  authorized: boolean;
  sessionCreatedAt: string;
  /** Seconds until the idle or the absolute limit ends the session, whichever comes first. */
  sessionSecondsLeft: number;
}

export interface Investor {
  investorId: string;
  email: string | null;
  fullName: string | null;
  investorType: string | null;
  country: string | null;
  /** Securitize's value, passed through: it may be outside the documented set. */
  verificationStatus: string;
  verificationStatusKnown: boolean;
  /** The only field that says "verified". */
  verified: boolean;
  tfaEnabled: boolean | null;
  createDate: string | null;
}

export interface InvestorDocument {
  documentId: string;
  docType: string | null;
  docCategory: string | null;
  side: string | null;
  fileName: string | null;
  fileType: string | null;
  verificationStatus: string | null;
  thumbnail: string | null;
  createDate: string | null;
}

/** A legal signer of an entity investor: a person or another entity. */
export interface Signer {
  signerId: string;
  signerType: string | null;
  email: string | null;
  /** firstName, middleName, lastName, as Securitize sent them. */
  individualName: Record<string, unknown> | null;
  legalName: string | null;
  businessName: string | null;
  entityType: string | null;
  address: Record<string, unknown> | null;
  /** For an entity signer, the date it was founded. */
  birthDate: string | null;
  createDate: string | null;
  documents: InvestorDocument[];
}

export interface Wallet {
  address: string;
  name: string | null;
  tokenId: string | null;
  status: string | null;
  securitizeIdWalletId: string | null;
  createDate: string | null;
}

export interface NewWallet {
  address: string;
  tokenId: string;
  /** Optional: Securitize documents a friendly label, not whether it is required. */
  name?: string;
}

export interface SessionInfo {
  /** A hash of the session id: the id itself is a bearer secret and never leaves the server. */
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
}
