import { h } from '../dom.js';
import { formatDate, humanize, shorten } from '../format.js';
import { itemTone } from '../statuses.js';
import type { Wallet } from '../types.js';
import { badge, placeholder } from './parts.js';

const COLUMNS = ['Name', 'Address', 'Token', 'Status', 'Added'] as const;

function walletRow(wallet: Wallet): HTMLElement {
  // data-label names the column for narrow screens, where each row is shown as a labelled block.
  const cell = (
    column: (typeof COLUMNS)[number],
    content: Node | string,
    attrs: Record<string, string> = {},
  ) => h('td', { ...attrs, 'data-label': column }, content);
  return h(
    'tr',
    { 'data-testid': 'wallet' },
    cell('Name', wallet.name ?? '—'),
    // Shortened on screen; the full value stays in the title and is copyable.
    cell('Address', shorten(wallet.address), { class: 'mono', title: wallet.address }),
    cell('Token', wallet.tokenId ? shorten(wallet.tokenId, 6) : '—', {
      class: 'mono',
      title: wallet.tokenId ?? '',
    }),
    cell('Status', badge(humanize(wallet.status), itemTone(wallet.status))),
    cell('Added', formatDate(wallet.createDate)),
  );
}

export function renderWallets(wallets: Wallet[]): Node {
  if (wallets.length === 0) return placeholder('No wallets are registered yet. Add one below.');
  const head = COLUMNS.map((title) => h('th', { scope: 'col' }, title));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table' },
      h('thead', {}, h('tr', {}, ...head)),
      h('tbody', {}, ...wallets.map(walletRow)),
    ),
  );
}
