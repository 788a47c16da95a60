import { h } from '../dom.js';
import { countryLabel, formatDate, humanize } from '../format.js';
import type { InvestorDocument, Signer } from '../types.js';
import { documentItem } from './documents.js';
import { badge, placeholder } from './parts.js';

export type OnViewSignerDocument = (signer: Signer, doc: InvestorDocument, button: HTMLButtonElement) => void;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** "Mei Ling Tan" from the name parts, else the entity's legal or business name. */
export function signerName(signer: Signer): string {
  const name = signer.individualName ?? {};
  const parts = [name.firstName, name.middleName, name.lastName].map(text).filter(Boolean);
  if (parts.length > 0) return parts.join(' ');
  return signer.legalName ?? signer.businessName ?? signer.email ?? 'Unnamed signer';
}

/** What is known besides the name, in two lines: who (email, or kind of entity), then where and since when. */
function signerFacts(signer: Signer): [string, string] {
  const entity = signer.signerType === 'entity';
  const city = text(signer.address?.city);
  const code = text(signer.address?.countryCode);
  const country = code && countryLabel(code);
  // "Singapore, Singapore (SG)" says the city twice.
  const place =
    country && city && country.startsWith(city) ? country : [city, country].filter(Boolean).join(', ');
  const tradingAs =
    signer.businessName && signer.businessName !== signer.legalName && `trading as ${signer.businessName}`;
  const born = signer.birthDate && `${entity ? 'Founded' : 'Born'} ${formatDate(signer.birthDate)}`;
  const who = entity ? [signer.entityType && humanize(signer.entityType), tradingAs] : [signer.email];
  return [who.filter(Boolean).join(' · '), [place, born].filter(Boolean).join(' · ')];
}

const SIGNER_DOCUMENT = { item: 'signer-document', view: 'view-signer-document' };

function signerItem(signer: Signer, onView: OnViewSignerDocument): HTMLElement {
  const documents =
    signer.documents.length === 0
      ? placeholder('No documents for this signer.')
      : h(
          'ul',
          { class: 'documents signer-documents' },
          ...signer.documents.map((doc) =>
            documentItem(doc, (d, button) => onView(signer, d, button), SIGNER_DOCUMENT),
          ),
        );
  return h(
    'li',
    { class: 'signer', 'data-testid': 'signer', 'data-signer-id': signer.signerId },
    h(
      'div',
      { class: 'signer-head' },
      h(
        'div',
        { class: 'signer-text' },
        h('strong', { 'data-testid': 'signer-name' }, signerName(signer)),
        ...signerFacts(signer)
          .filter(Boolean)
          .map((line) => h('span', { class: 'muted' }, line)),
      ),
      badge(humanize(signer.signerType ?? 'signer'), 'neutral', { 'data-testid': 'signer-type' }),
    ),
    documents,
  );
}

/** The people and entities who sign for an entity investor, each with the documents Securitize holds. */
export function renderSigners(signers: Signer[], onView: OnViewSignerDocument): Node {
  if (signers.length === 0) return placeholder('Securitize iD lists no legal signers for this entity yet.');
  return h('ul', { class: 'signers' }, ...signers.map((signer) => signerItem(signer, onView)));
}
