import { createHash } from 'node:crypto';
import type { InvestorFixture } from '../fixtures';
import type { InvestorRegistry } from '../investor-registry';
import type { DomainInvestorEntry } from './types';

/**
 * The issuer's own key for an investor in a domain. Real domains choose theirs; the simulator derives one from the
 * domain and the Securitize iD investor id, so it is the same on every run and differs from the investorId.
 */
export function externalIdFor(domainId: string, investorId: string): string {
  return `ext-${createHash('sha256').update(`${domainId}:${investorId}`).digest('hex').slice(0, 20)}`;
}

export function domainEntries(investors: InvestorRegistry, domainId: string): DomainInvestorEntry[] {
  return investors.all().map(({ profile }) => ({
    investorId: profile.investorId,
    domainId,
    externalId: externalIdFor(domainId, profile.investorId),
    kycStatus: profile.verificationStatus,
  }));
}

export function findByExternalId(
  investors: InvestorRegistry,
  domainId: string,
  externalId: string,
): InvestorFixture | undefined {
  return investors.all().find(({ profile }) => externalIdFor(domainId, profile.investorId) === externalId);
}

/**
 * The domain investor as GET /v1/domains/{domainId}/investors/{externalId} answers it: bare, no envelope. Only
 * `externalId` and `securitizeIdProfileId` are known to exist (the DTO's name and the join it makes); the other fields
 * are plausible assumptions, and a client should read nothing else.
 */
export function domainInvestorOf(investor: InvestorFixture, domainId: string): Record<string, unknown> {
  const { profile } = investor;
  const details = profile.details;
  const accredited = profile.domainInvestorDetails?.isAccredited === true;
  return {
    externalId: externalIdFor(domainId, profile.investorId),
    domainId,
    securitizeIdProfileId: profile.investorId,
    investorType: typeof details.investorType === 'string' ? details.investorType : 'individual',
    fullName: profile.fullName,
    email: profile.email,
    countryCode: details.address?.countryCode ?? investor.country,
    kycStatus: profile.verificationStatus,
    accreditationStatus: accredited ? 'accredited' : 'not-verified',
    createdAt: profile.createDate,
  };
}

/** A copy of the investor with the new status wherever the investor endpoints report one. */
export function withKycStatus(investor: InvestorFixture, status: string, at: string): InvestorFixture {
  const next = structuredClone(investor);
  next.profile.verificationStatus = status;
  next.verification = next.verification
    ? { ...next.verification, status, updateDate: at }
    : {
        investorId: next.profile.investorId,
        status,
        createDate: at,
        updateDate: at,
        isManual: false,
        errors: [],
      };
  return next;
}
