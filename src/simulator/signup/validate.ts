import { field } from '../login/request';
import type { AccountData, IdentityData, InvestorType } from './store';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });
const CONTROL = /\p{Cc}/u;
// A plain shape check: something@something.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The document types offered for each kind of investor. */
export const DOC_TYPES: Record<InvestorType, readonly string[]> = {
  individual: ['passport', 'id-card', 'driving-license'],
  entity: ['certificate-of-incorporation'],
};

/** Country codes offered as suggestions; any other two-letter code can be typed in. */
export const SUGGESTED_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'ES', 'CH', 'SG', 'JP', 'BR'] as const;

export function parseAccount(body: unknown): Parsed<AccountData> {
  const fullName = field(body, 'fullName').trim();
  const email = field(body, 'email').trim();
  if (fullName === '') return fail('Enter your full name.');
  if (fullName.length > 100) return fail('The full name can have at most 100 characters.');
  if (CONTROL.test(fullName)) return fail('The full name must not contain control characters.');
  if (email.length > 254 || !EMAIL.test(email)) return fail('Enter an email address like name@example.com.');
  return { ok: true, value: { fullName, email } };
}

/** A real calendar day in YYYY-MM-DD, from 1900 up to today by the simulator's clock. */
function isBirthDate(text: string, now: number): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = Date.UTC(year, month - 1, day);
  const date = new Date(at);
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 && at <= now;
}

export function parseIdentity(body: unknown, now: number): Parsed<IdentityData> {
  const investorType = field(body, 'investorType');
  const country = field(body, 'country').trim().toUpperCase();
  const usState = field(body, 'usState').trim().toUpperCase();
  const birthDate = field(body, 'birthDate').trim();
  const entityName = field(body, 'entityName').trim();
  if (investorType !== 'individual' && investorType !== 'entity')
    return fail('Choose whether you invest as an individual or an entity.');
  if (!/^[A-Z]{2}$/.test(country))
    return fail('Enter the country as a two-letter ISO code, such as US or GB.');
  if (country === 'US' && !/^[A-Z]{2}$/.test(usState))
    return fail('Enter the US state as two letters, such as CA.');
  if (country !== 'US' && usState !== '') return fail('Leave the US state empty unless the country is US.');
  if (!isBirthDate(birthDate, now))
    return fail('Enter the date of birth (or of incorporation) as YYYY-MM-DD, not in the future.');
  const identity: IdentityData = { investorType, country, birthDate };
  if (country === 'US') identity.usState = usState;
  if (investorType === 'entity') {
    if (entityName === '') return fail('Enter the entity name.');
    if (entityName.length > 200 || CONTROL.test(entityName))
      return fail('The entity name can have at most 200 characters and no control characters.');
    identity.entityName = entityName;
  }
  return { ok: true, value: identity };
}

export function parseDocument(body: unknown, investorType: InvestorType): Parsed<string> {
  const docType = field(body, 'docType');
  const allowed = DOC_TYPES[investorType];
  if (!allowed.includes(docType)) return fail(`Choose the document type: ${allowed.join(', ')}.`);
  return { ok: true, value: docType };
}
