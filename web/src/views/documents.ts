import { h } from '../dom.js';
import { formatDate, humanize } from '../format.js';
import { itemTone } from '../statuses.js';
import type { InvestorDocument } from '../types.js';
import { badge, placeholder } from './parts.js';

export type OnView = (doc: InvestorDocument, button: HTMLButtonElement) => void;

/** The data-testid values of a list item and of its "View" button. */
export type DocumentTestIds = { item: string; view: string };

const INVESTOR_DOCUMENT: DocumentTestIds = { item: 'document', view: 'view-document' };

// Only inline image data: a thumbnail URL pointing elsewhere would be a tracking pixel.
const isInlineImage = (src: string | null): src is string =>
  !!src && /^data:image\/(jpeg|png|webp);/.test(src);

export function documentItem(
  doc: InvestorDocument,
  onView: OnView,
  testIds: DocumentTestIds = INVESTOR_DOCUMENT,
): HTMLElement {
  const view = h(
    'button',
    { type: 'button', class: 'button button-small button-secondary', 'data-testid': testIds.view },
    'View',
  );
  view.addEventListener('click', () => onView(doc, view));
  const details = [humanize(doc.docCategory), doc.side && `${doc.side} side`, doc.fileType]
    .filter(Boolean)
    .join(' · ');
  return h(
    'li',
    { class: 'document', 'data-testid': testIds.item, 'data-document-id': doc.documentId },
    isInlineImage(doc.thumbnail)
      ? h('img', { class: 'thumbnail', src: doc.thumbnail, alt: '' })
      : h('span', { class: 'thumbnail thumbnail-empty', 'aria-hidden': 'true' }),
    h(
      'div',
      { class: 'document-text' },
      h('strong', {}, humanize(doc.docType)),
      h('span', { class: 'muted' }, details),
      h('span', { class: 'muted' }, `Uploaded ${formatDate(doc.createDate)}`),
    ),
    h(
      'div',
      { class: 'document-actions' },
      badge(humanize(doc.verificationStatus), itemTone(doc.verificationStatus)),
      view,
    ),
  );
}

export function renderDocuments(documents: InvestorDocument[], onView: OnView): Node {
  if (documents.length === 0) return placeholder('No documents have been uploaded to Securitize iD yet.');
  return h('ul', { class: 'documents' }, ...documents.map((doc) => documentItem(doc, onView)));
}
