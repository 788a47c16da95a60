import { ApiError } from '../api.js';
import {
  actionUrl,
  denialMessage,
  denialOf,
  type Offering,
  type OfferingList,
  unavailableMessage,
} from '../app-api.js';
import { h } from '../dom.js';
import { messageOf, placeholder } from './parts.js';

/** "USD 5,000": the code rather than a symbol, so "$" is never ambiguous; an unknown code stays as text. */
function formatAmount(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      currencyDisplay: 'code',
      minimumFractionDigits: 0,
      maximumFractionDigits: 2,
    }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

function offeringItem(offering: Offering): HTMLElement {
  return h(
    'li',
    { class: 'offering', 'data-testid': 'offering', 'data-offering-id': offering.id },
    h('strong', { class: 'offering-name', 'data-testid': 'offering-name' }, offering.name),
    h(
      'span',
      { class: 'offering-minimum' },
      h('span', { class: 'muted' }, 'Minimum '),
      h('span', { 'data-testid': 'offering-minimum' }, formatAmount(offering.minimum, offering.currency)),
    ),
  );
}

export function renderOfferings(list: OfferingList): Node {
  if (list.offerings.length === 0) return placeholder('There are no offerings open right now.');
  return h('ul', { class: 'offerings' }, ...list.offerings.map(offeringItem));
}

/**
 * Why there are no offerings to show: a policy denial in plain words (with the way to Securitize iD's
 * verification page when KYC is what is missing), or a short "not available" when the service is not.
 */
export function renderOfferingsProblem(err: unknown): Node {
  const denial = err instanceof ApiError && err.status === 403 ? denialOf(err.body) : null;
  if (!denial) {
    // Too many requests says so; any other failure is the service's, not the investor's.
    const text =
      err instanceof ApiError && err.code !== 'rate_limited'
        ? unavailableMessage(err.status)
        : messageOf(err);
    return h('p', { class: 'placeholder', role: 'status', 'data-testid': 'offerings-unavailable' }, text);
  }
  const kyc = denial.error === 'kyc_required';
  const href = kyc ? actionUrl(denial) : null;
  return h(
    'div',
    {
      class: `offerings-denied tone-${kyc ? 'attention' : 'neutral'}`,
      role: 'status',
      'data-testid': 'offerings-denied',
      'data-error': denial.error,
      'data-reason': denial.reason,
    },
    h('p', { 'data-testid': 'offerings-reason' }, denialMessage(denial)),
    href && h('a', { class: 'button button-small', href, 'data-testid': 'offerings-action' }, 'Complete KYC'),
  );
}
