import type { KycFacts, ListRequirement, Requirements, Verdict } from './types';

const inList = (rule: ListRequirement, value: string): boolean =>
  'allow' in rule ? rule.allow.includes(value) : !rule.deny.includes(value);

const ALLOW: Verdict = { allow: true };

/**
 * Requirements over facts. The verification requirements come first, so an investor who has not
 * finished KYC is told to finish it (`kyc_required`) before anything else; every other failure is
 * `not_eligible`, naming the requirement, and a fact Securitize did not give never meets one.
 */
export function evaluate(req: Requirements, facts: KycFacts): Verdict {
  const status = facts.verificationStatus;
  const verified = status === 'verified';
  const kyc = (reason: keyof Requirements): Verdict =>
    verified
      ? { allow: false, error: 'not_eligible', reason }
      : { allow: false, error: 'kyc_required', reason };
  const no = (reason: keyof Requirements, missing?: string): Verdict =>
    missing
      ? { allow: false, error: 'not_eligible', reason, missing }
      : { allow: false, error: 'not_eligible', reason };

  if (req.verified === true && !verified) return kyc('verified');
  if (req.verified === false && verified) return no('verified');
  if (req.verificationStatuses && !inList(req.verificationStatuses, status))
    return kyc('verificationStatuses');
  if (req.investorTypes) {
    if (facts.investorType === null) return no('investorTypes', 'investor_type');
    if (!inList(req.investorTypes, facts.investorType)) return no('investorTypes');
  }
  if (req.countries) {
    if (facts.country === null) return no('countries', 'country');
    if (!inList(req.countries, facts.country)) return no('countries');
  }
  if (req.usStates && facts.country !== null && facts.country !== 'US') {
    // Not a US investor: the US-state requirement does not apply.
  } else if (req.usStates) {
    if (facts.country === null) return no('usStates', 'country');
    if (facts.usState === null) return no('usStates', 'us_state');
    if (!inList(req.usStates, facts.usState)) return no('usStates');
  }
  if (req.accredited !== undefined) {
    if (facts.accredited === null) return no('accredited', 'accredited');
    if (facts.accredited !== req.accredited) return no('accredited');
  }
  return ALLOW;
}

/** Whether deciding needs the investor's facts at all (a null policy needs only a live session). */
export const needsFacts = (req: Requirements | null): boolean => req !== null && Object.keys(req).length > 0;
