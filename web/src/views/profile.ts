import { h } from '../dom.js';
import { countryLabel, formatDate, humanize } from '../format.js';
import { describeVerification } from '../statuses.js';
import type { Investor } from '../types.js';
import { badge } from './parts.js';

/** "Victor Alan Vance" → "VV". */
function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  const last = words.length > 1 ? (words.at(-1) ?? '') : '';
  return (first.charAt(0) + last.charAt(0)).toUpperCase();
}

// A <div> per pair is valid inside <dl> and lets the grid lay out whole facts.
const fact = (term: string, value: string) => h('div', {}, h('dt', {}, term), h('dd', {}, value));

/**
 * The profile's country comes from its address, which investors who have not finished their
 * profile lack; then the country Securitize named when they logged in stands in, and says so.
 */
function countryFact(profileCountry: string | null, loginCountry: string | null): HTMLElement {
  const code = profileCountry ?? loginCountry;
  const source = profileCountry ? 'profile' : loginCountry ? 'login' : 'none';
  const note =
    source === 'profile'
      ? 'from your profile address'
      : source === 'login' && 'from your login (no address in your profile)';
  return h(
    'div',
    {},
    h('dt', {}, 'Country'),
    h(
      'dd',
      {},
      h('span', { 'data-testid': 'country', 'data-country-source': source }, code ? countryLabel(code) : '—'),
      note && h('span', { class: 'fact-note', 'data-testid': 'country-source' }, note),
    ),
  );
}

/** Name, verification badge with its explanation, and a few profile facts. */
export function renderProfile(investor: Investor, loginCountry: string | null): Node {
  const name = investor.fullName ?? investor.email ?? 'Investor';
  const status = describeVerification(investor);
  const yesNo = (v: boolean | null) => (v === null ? '—' : v ? 'On' : 'Off');
  return h(
    'div',
    { class: 'profile' },
    h(
      'div',
      { class: 'profile-head' },
      h('div', { class: 'avatar', 'aria-hidden': 'true' }, initials(name)),
      h(
        'div',
        { class: 'profile-title' },
        h('h2', { id: 'investor-name', 'data-testid': 'investor-name' }, name),
        investor.email && h('p', { class: 'muted' }, investor.email),
      ),
      badge(status.label, status.tone, {
        id: 'status-badge',
        'data-testid': 'status-badge',
        'data-status': investor.verificationStatus,
        'data-verified': String(investor.verified),
      }),
    ),
    h(
      'p',
      { class: `status-explanation tone-${status.tone}`, 'data-testid': 'status-explanation' },
      status.explanation,
    ),
    h(
      'dl',
      { class: 'facts' },
      fact('Investor type', humanize(investor.investorType)),
      countryFact(investor.country, loginCountry),
      fact('Two-factor login', yesNo(investor.tfaEnabled)),
      fact('Member since', formatDate(investor.createDate)),
    ),
  );
}
