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
  /** Unsafe methods skip the Origin / `X-CSRF: 1` checks: for endpoints that must take posts from other sites. */
  allowCrossSite?: boolean;
}

/**
 * What a request that matches no rule gets: refused (`deny`, when the file says nothing), a live
 * session and nothing more (`session`), or a named policy.
 */
export type PolicyDefault =
  { kind: 'deny' } | { kind: 'session' } | { kind: 'policy'; policy: string; requirements: Requirements };

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
  /** Idle connections to the upstream are kept this long for reuse (0: a new connection each time). */
  keepAliveMs: number;
}

export interface PolicySet {
  policies: Readonly<Record<string, Requirements>>;
  rules: readonly PolicyRule[];
  apis: readonly ApiEntry[];
  /** For forward-auth and library mode's rules: what an unmatched path gets. */
  default: PolicyDefault;
}

/** No POLICY_FILE: no rules, no gateway, and every path forward-auth is asked about is refused. */
export const EMPTY_POLICY_SET: PolicySet = { policies: {}, rules: [], apis: [], default: { kind: 'deny' } };

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
