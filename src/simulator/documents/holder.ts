import type { Address, DocumentRecord, InvestorFixture, SignerRecord } from '../fixtures';

/** Whom a document belongs to, as far as its file shows: the investor, or one of an entity's signers. */
export interface Holder {
  /** As written in the profile: "Victor Alan Vance", or an entity's name. */
  fullName: string;
  surname: string;
  /** Empty for an entity. */
  givenNames: string;
  /** YYYY-MM-DD: born, or for an entity founded. */
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  /** ISO 3166 alpha-2. */
  country: string | null;
}

/** What a view URL was granted for: enough to draw the file when it is fetched. */
export interface DocumentFile {
  document: DocumentRecord;
  holder: Holder;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** "1985-06-14T00:00:00.000Z" or "1985-06-14" → "1985-06-14". */
const dateOnly = (value: unknown): string | null => /^\d{4}-\d{2}-\d{2}/.exec(text(value) ?? '')?.[0] ?? null;

const sexOf = (gender: unknown): Holder['sex'] =>
  gender === 'male' ? 'M' : gender === 'female' ? 'F' : null;

/** Without separate name parts: the last word is taken for the surname. */
function splitFullName(fullName: string): Pick<Holder, 'surname' | 'givenNames'> {
  const words = fullName.split(/\s+/).filter(Boolean);
  const surname = words.pop() ?? fullName;
  return { surname, givenNames: words.join(' ') };
}

function person(first: unknown, middle: unknown, last: unknown, fullName: string) {
  const surname = text(last);
  if (!surname) return splitFullName(fullName);
  return { surname, givenNames: [text(first), text(middle)].filter(Boolean).join(' ') };
}

export function investorHolder(investor: InvestorFixture): Holder {
  const { fullName, details } = investor.profile;
  const entity = details.investorType === 'entity';
  return {
    fullName,
    ...(entity
      ? { surname: fullName, givenNames: '' }
      : person(details.firstName, details.middleName, details.lastName, fullName)),
    birthDate: dateOnly(details.birthday),
    sex: sexOf(details.gender),
    // A profile without an address still has the country its login reports.
    country: details.address?.countryCode ?? text(details.birthCountry) ?? investor.country,
  };
}

export function signerHolder(signer: SignerRecord): Holder {
  const country = (signer.address as Address | undefined)?.countryCode ?? null;
  const birthDate = dateOnly(signer.birthDate);
  if (signer.signerType === 'entity') {
    const fullName = text(signer.legalName) ?? text(signer.businessName) ?? 'Unnamed entity';
    return { fullName, surname: fullName, givenNames: '', birthDate, sex: null, country };
  }
  const name = (signer.individualName ?? {}) as Record<string, unknown>;
  const fullName =
    [name.firstName, name.middleName, name.lastName].map(text).filter(Boolean).join(' ') || 'Unnamed signer';
  return {
    fullName,
    ...person(name.firstName, name.middleName, name.lastName, fullName),
    birthDate,
    sex: sexOf(signer.gender),
    country,
  };
}
