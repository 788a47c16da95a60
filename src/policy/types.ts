/** A list requirement: the fact must be in `allow`, or must not be in `deny` (exactly one of them). */
export type ListRequirement = { allow: readonly string[] } | { deny: readonly string[] };

/** What a policy asks of the investor, over the KYC facts Securitize gives. Every key is optional. */
export interface Requirements {
  /** true: Securitize's status is `verified`; false: it is not. */
  verified?: boolean;
  verificationStatuses?: ListRequirement;
  investorTypes?: ListRequirement;
  /** ISO 3166-1 alpha-2, upper case. */
  countries?: ListRequirement;
  /** Two-letter US state codes; they constrain US investors only. */
  usStates?: ListRequirement;
  accredited?: boolean;
}

/** One rule for forward-auth and library mode: the longest matching path prefix wins. */
export interface PolicyRule {
  /** Normalised and lower case; matched by whole segments. */
  path: string;
  /** Upper case; undefined: every method. */
  methods?: readonly string[];
  /** The policy's name, for logs; null for "a live session is enough", `inline` for requirements written in the rule. */
  policy: string | null;
  requirements: Requirements | null;
  audience?: string;
}

/** One app-API gateway entry: `prefix/**` on the public port, forwarded to `upstream`. */
export interface ApiEntry {
  prefix: string;
  upstream: string;
  methods?: readonly string[];
  policy: string | null;
  requirements: Requirements | null;
  audience?: string;
  maxBodyBytes: number;
  timeoutMs: number;
}

export interface PolicySet {
  policies: Readonly<Record<string, Requirements>>;
  rules: readonly PolicyRule[];
  apis: readonly ApiEntry[];
}

export const EMPTY_POLICY_SET: PolicySet = { policies: {}, rules: [], apis: [] };

/** The investor's KYC facts as Securitize gave them; null where it said nothing. */
export interface KycFacts {
  verificationStatus: string;
  investorType: string | null;
  country: string | null;
  usState: string | null;
  accredited: boolean | null;
  /** When they were fetched, epoch ms. */
  fetchedAt: number;
}

/** The outcome of a policy over facts. */
export type Verdict =
  | { allow: true }
  | {
      allow: false;
      error: 'kyc_required' | 'not_eligible';
      /** The requirement that failed. */
      reason: keyof Requirements;
      /** The fact Securitize did not provide, when that is why. */
      missing?: string;
    };
