import { evaluate, KycFacts, Requirements } from '../../src/policy';
import { kycFactsOf } from '../../src/securitize';
import { toInvestor } from '../../src/securitize/normalize';
import { GATEWAY_SEEDED, SEED_INVESTORS, SEEDED } from '../../src/simulator/fixtures';

/** The facts the BFF reads from a simulator investor's profile, exactly as it fetches them. */
const factsOf = (
  investorId: string,
  edit: (p: Record<string, unknown>) => void = () => undefined,
): KycFacts => {
  const profile = structuredClone(SEED_INVESTORS.find((i) => i.profile.investorId === investorId)!.profile);
  edit(profile as unknown as Record<string, unknown>);
  return { ...kycFactsOf(toInvestor(profile)), fetchedAt: 0 };
};
const usResident = (state: string | undefined) =>
  factsOf(SEEDED.verified, (p) => {
    const address = (p.details as { address: Record<string, unknown> }).address;
    if (state === undefined) delete address.state;
    else address.state = state;
  });

describe('requirements over the facts of the simulator’s investors', () => {
  test('the facts read from each profile', () => {
    expect(factsOf(SEEDED.verified)).toEqual({
      verificationStatus: 'verified',
      investorType: 'individual',
      country: 'US',
      usState: 'CA',
      accredited: true,
      fetchedAt: 0,
    });
    expect(factsOf(SEEDED.entity)).toMatchObject({ investorType: 'entity', country: 'SG', usState: null });
    // Signed up, no KYC yet: no type, no address, no accreditation.
    expect(factsOf(SEEDED.newInvestor)).toEqual({
      verificationStatus: 'none',
      investorType: null,
      country: null,
      usState: null,
      accredited: null,
      fetchedAt: 0,
    });
    // The gateway's shape: investorType at the top of the profile.
    expect(
      factsOf(
        SEEDED.entity,
        (p) => ((p.investorType = 'entity'), delete (p.details as Record<string, unknown>).investorType),
      ).investorType,
    ).toBe('entity');
  });

  test('verified: only Securitize’s "verified" passes; every other status is told to finish KYC', () => {
    const statuses = Object.values({ ...SEEDED, ...GATEWAY_SEEDED }).map((id) => [
      id,
      factsOf(id).verificationStatus,
    ]);
    for (const [id, status] of statuses) {
      const verdict = evaluate({ verified: true }, factsOf(id!));
      if (status === 'verified') expect(verdict).toEqual({ allow: true });
      else
        expect([status, verdict]).toEqual([
          status,
          { allow: false, error: 'kyc_required', reason: 'verified' },
        ]);
    }
    expect(evaluate({ verified: false }, factsOf(SEEDED.verified))).toMatchObject({ error: 'not_eligible' });
    expect(evaluate({ verified: false }, factsOf(SEEDED.processing))).toEqual({ allow: true });
  });

  test('verificationStatuses allow and deny', () => {
    const r: Requirements = { verificationStatuses: { allow: ['verified', 'manual-review'] } };
    expect(evaluate(r, factsOf(SEEDED.manualReview))).toEqual({ allow: true });
    expect(evaluate(r, factsOf(SEEDED.rejected))).toMatchObject({
      error: 'kyc_required',
      reason: 'verificationStatuses',
    });
    expect(
      evaluate({ verificationStatuses: { deny: ['rejected'] } }, factsOf(SEEDED.rejected)),
    ).toMatchObject({
      allow: false,
    });
  });

  test('investorTypes: an entity where individuals are required', () => {
    const r: Requirements = { investorTypes: { allow: ['individual'] } };
    expect(evaluate(r, factsOf(SEEDED.verified))).toEqual({ allow: true });
    expect(evaluate(r, factsOf(SEEDED.entity))).toEqual({
      allow: false,
      error: 'not_eligible',
      reason: 'investorTypes',
    });
    expect(evaluate({ investorTypes: { deny: ['entity'] } }, factsOf(SEEDED.entity))).toMatchObject({
      allow: false,
    });
  });

  test('countries', () => {
    expect(evaluate({ countries: { deny: ['US'] } }, factsOf(SEEDED.verified))).toMatchObject({
      reason: 'countries',
    });
    expect(evaluate({ countries: { deny: ['US'] } }, factsOf(SEEDED.entity))).toEqual({ allow: true });
    expect(evaluate({ countries: { allow: ['SG'] } }, factsOf(SEEDED.entity))).toEqual({ allow: true });
  });

  test('usStates constrain US investors only; a US investor without a state is not eligible, and told why', () => {
    const noTexas: Requirements = { usStates: { deny: ['TX'] } };
    expect(evaluate(noTexas, usResident('CA'))).toEqual({ allow: true });
    expect(evaluate(noTexas, usResident('TX'))).toEqual({
      allow: false,
      error: 'not_eligible',
      reason: 'usStates',
    });
    expect(evaluate(noTexas, factsOf(SEEDED.entity))).toEqual({ allow: true });
    expect(evaluate(noTexas, usResident(undefined))).toEqual({
      allow: false,
      error: 'not_eligible',
      reason: 'usStates',
      missing: 'us_state',
    });
    expect(evaluate({ usStates: { allow: ['NY'] } }, usResident('CA'))).toMatchObject({ reason: 'usStates' });
  });

  test('accredited: true, false, and not given by Securitize', () => {
    expect(evaluate({ accredited: true }, factsOf(SEEDED.verified))).toEqual({ allow: true });
    expect(evaluate({ accredited: true }, factsOf(SEEDED.processing))).toMatchObject({
      reason: 'accredited',
    });
    expect(evaluate({ accredited: false }, factsOf(SEEDED.processing))).toEqual({ allow: true });
    const noConsent = factsOf(SEEDED.verified, (p) => delete p.domainInvestorDetails);
    expect(evaluate({ accredited: true }, noConsent)).toEqual({
      allow: false,
      error: 'not_eligible',
      reason: 'accredited',
      missing: 'accredited',
    });
  });

  test('a missing fact never meets a requirement, whatever the list says', () => {
    const blank = factsOf(SEEDED.newInvestor);
    expect(evaluate({ countries: { deny: ['US'] } }, blank)).toMatchObject({ missing: 'country' });
    expect(evaluate({ investorTypes: { deny: ['entity'] } }, blank)).toMatchObject({
      missing: 'investor_type',
    });
  });

  test('verification first: an unverified investor who also fails other requirements is told to finish KYC', () => {
    const eligible: Requirements = { verified: true, countries: { deny: ['DE'] }, accredited: true };
    expect(evaluate(eligible, factsOf(SEEDED.processing))).toMatchObject({ error: 'kyc_required' });
  });
});
