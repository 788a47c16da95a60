import { h } from '../dom.js';
import { formatDate, humanize, shorten } from '../format.js';
import { itemTone } from '../statuses.js';
import type { Wallet } from '../types.js';
import { badge, placeholder } from './parts.js';

function walletRow(wallet: Wallet): HTMLElement {
  return h(
    'tr',
    { 'data-testid': 'wallet' },
    h('td', {}, wallet.name ?? '—'),
    // Shortened on screen; the full value stays in the title and is copyable.
    h('td', { class: 'mono', title: wallet.address }, shorten(wallet.address)),
    h(
      'td',
      { class: 'mono', title: wallet.tokenId ?? '' },
      wallet.tokenId ? shorten(wallet.tokenId, 6) : '—',
    ),
    h('td', {}, badge(humanize(wallet.status), itemTone(wallet.status))),
    h('td', {}, formatDate(wallet.createDate)),
  );
}

export function renderWallets(wallets: Wallet[]): Node {
  if (wallets.length === 0) return placeholder('No wallets are registered yet. Add one below.');
  const head = ['Name', 'Address', 'Token', 'Status', 'Added'].map((title) =>
    h('th', { scope: 'col' }, title),
  );
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
