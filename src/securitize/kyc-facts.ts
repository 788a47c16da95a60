import type { Investor } from './normalize';

/** The KYC facts policies decide on, as Securitize's investor profile gives them; null where it says nothing. */
export interface InvestorFacts {
  verificationStatus: string;
  investorType: string | null;
  country: string | null;
  usState: string | null;
  accredited: boolean | null;
}

const text = (v: unknown, pattern: RegExp) => (typeof v === 'string' && pattern.test(v) ? v : null);

/**
 * Where the profile keeps each fact: `investorType` at the top (a gateway example) or under
 * `details` (the documented place); the country and the US state (present only for US addresses)
 * under `details.address`; accreditation as `domainInvestorDetails.isAccredited`, a per-issuer
 * fact that Securitize may leave out (consent, scope). A value of an unexpected shape is no value.
 */
export function kycFactsOf(investor: Investor): InvestorFacts {
  const details = investor.details ?? {};
  const address = (details.address ?? {}) as Record<string, unknown>;
  const country = text(address.countryCode, /^[A-Za-z]{2}$/)?.toUpperCase() ?? null;
  const accredited = investor.domainInvestorDetails?.isAccredited;
  return {
    verificationStatus: investor.verificationStatus,
    investorType: text(investor.investorType, /^[A-Za-z-]{1,32}$/)?.toLowerCase() ?? null,
    country,
    usState: country === 'US' ? (text(address.state, /^[A-Za-z]{2}$/)?.toUpperCase() ?? null) : null,
    accredited: typeof accredited === 'boolean' ? accredited : null,
  };
}
