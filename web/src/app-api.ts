// The app's own backend, reached through the BFF's app-API proxy (`/app-api/*`, POLICY_FILE `apis`).
// Its answers are that backend's API, not the BFF's, so they are not in openapi.yaml: the shapes the
// demo reads are written here. The proxy's own answers (a policy denial, an upstream that is down)
// use the BFF's error format.

/** One investment opportunity, as examples/app-backend serves them. */
export interface Offering {
  id: string;
  name: string;
  minimum: number;
  currency: string;
}

/** GET /app-api/offerings → the example backend's GET /offerings, for the investor the BFF vouched for. */
export interface OfferingList {
  investor: string;
  verified: boolean;
  country: string | null;
  offerings: Offering[];
}

/** A 403 from the app-API proxy: the entry's policy turned the investor away, nothing was forwarded. */
export interface Denial {
  error: 'kyc_required' | 'not_eligible';
  /** The failed requirement: verified, verificationStatuses, investorTypes, countries, usStates, accredited. */
  reason: string;
  /** A fact Securitize iD did not give: country, us_state, investor_type, accredited. */
  missing?: string;
  /** Securitize iD's verification page, for kyc_required. */
  action?: string;
}

const text = (value: unknown): value is string => typeof value === 'string' && value.length <= 2048;

/** The denial in a 403 body, if that is what it is. */
export function denialOf(body: unknown): Denial | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if ((b.error !== 'kyc_required' && b.error !== 'not_eligible') || !text(b.reason)) return null;
  return {
    error: b.error,
    reason: b.reason,
    missing: text(b.missing) ? b.missing : undefined,
    action: text(b.action) ? b.action : undefined,
  };
}

// Maps, not object lookups: a value such as "constructor" must not find Object.prototype's members.
const MISSING_FACTS = new Map(
  Object.entries({
    country: 'country',
    us_state: 'US state',
    investor_type: 'investor type (individual or entity)',
    accredited: 'accreditation status',
  }),
);

const NOT_ELIGIBLE = new Map(
  Object.entries({
    verified: 'These offerings are not open to your account.',
    verificationStatuses: 'Offerings are not available for your verification status.',
    investorTypes: 'Offerings are not available to your type of investor.',
    countries: 'Offerings are not available in your country.',
    usStates: 'Offerings are not available in your US state.',
    accredited: 'Offerings are not available for your accreditation status.',
  }),
);

/** A denial in plain words: what is wrong, never the server's own message. */
export function denialMessage(denial: Denial): string {
  if (denial.error === 'kyc_required')
    return 'Complete identity verification with Securitize iD to see the offerings.';
  const fact = denial.missing === undefined ? undefined : (MISSING_FACTS.get(denial.missing) ?? 'details');
  if (fact)
    return `Securitize iD did not share your ${fact}, so we cannot tell which offerings are open to you.`;
  return NOT_ELIGIBLE.get(denial.reason) ?? 'Offerings are not available to your account.';
}

/** The verification page link, only when it is a web address (never javascript: or the like). */
export function actionUrl(denial: Denial): string | null {
  if (!denial.action) return null;
  try {
    const url = new URL(denial.action);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Anything but a denial and a logout, by the HTTP status (0: no answer at all). */
export function unavailableMessage(status: number): string {
  if (status === 0) return 'The server could not be reached. Check your connection and try again.';
  if (status === 404)
    return 'No offerings service is connected to this demo (POLICY_FILE has no /app-api/offerings entry).';
  if (status === 504) return 'The offerings service did not answer in time. Please try again in a moment.';
  return 'The offerings service is not available right now. Please try again in a moment.';
}
