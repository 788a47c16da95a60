import { randomBytes } from 'node:crypto';
import { document } from '../fixtures/build';
import type { Address, InvestorFixture } from '../fixtures';
import type { AccountData, DocumentData, IdentityData } from './store';

export interface FinishedSignup {
  investorId: string;
  startedAt: number;
  account: AccountData;
  identity: IdentityData;
  document: DocumentData;
}

const iso = (ms: number) => new Date(ms).toISOString();

function splitName(fullName: string): { firstName: string; lastName?: string } {
  const [firstName = fullName, ...rest] = fullName.split(/\s+/);
  return rest.length > 0 ? { firstName, lastName: rest.join(' ') } : { firstName };
}

/**
 * The investor a finished sign-up leaves behind: documents handed in and not yet reviewed, so both the profile and
 * the verification record say `processing`. Only what the sign-up asked for is filled in.
 */
export function investorFromSignup(s: FinishedSignup): InvestorFixture {
  const { account, identity } = s;
  const entity = identity.investorType === 'entity';
  const address: Address = { countryCode: identity.country };
  if (identity.usState !== undefined) address.state = identity.usState;
  const submitted = iso(s.document.submittedAt);
  return {
    country: identity.country,
    profile: {
      investorId: s.investorId,
      email: account.email,
      fullName: account.fullName,
      verificationStatus: 'processing',
      tfaEnabled: false,
      language: 'en',
      createDate: iso(s.startedAt),
      details: {
        investorType: identity.investorType,
        ...splitName(account.fullName),
        birthday: `${identity.birthDate}T00:00:00.000Z`,
        ...(entity ? { entityName: identity.entityName } : {}),
        address,
      },
      domainInvestorDetails: {
        taxInfo: [],
        isUsaTaxResident: identity.country === 'US',
        isAccredited: false,
        ...(entity ? { entityName: identity.entityName } : { investorFullName: account.fullName }),
      },
    },
    verification: {
      investorId: s.investorId,
      status: 'processing',
      createDate: submitted,
      updateDate: submitted,
      isManual: false,
      errors: [],
    },
    documents: [
      document(randomBytes(12).toString('hex'), {
        docType: s.document.docType,
        docCategory: entity ? 'entity' : 'identification',
        fileType: entity ? 'application/pdf' : 'image/svg+xml',
        verificationStatus: 'pending',
        createDate: submitted,
      }),
    ],
    signers: [],
    wallets: [],
  };
}
