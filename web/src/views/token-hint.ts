import { byId, h } from '../dom.js';
import { shorten } from '../format.js';
import type { Wallet } from '../types.js';

/**
 * Under the token id field: the static explanation lives in index.html; this adds the tokens the
 * investor already has wallets for (the only tokens the app can know of), each a button that fills
 * the field in.
 */
export function createTokenHint() {
  const input = byId<HTMLInputElement>('wallet-tokenId');
  const known = byId('known-tokens');

  function tokenButton(tokenId: string, wallets: Wallet[]): HTMLElement {
    const names = wallets.map((w) => w.name ?? shorten(w.address)).join(', ');
    const button = h(
      'button',
      {
        type: 'button',
        class: 'token-chip',
        'data-testid': 'known-token',
        'data-token-id': tokenId,
        title: 'Use this token id',
      },
      h('span', { class: 'mono' }, tokenId),
      h('span', { class: 'token-chip-wallets' }, ` · ${names}`),
    );
    button.addEventListener('click', () => {
      input.value = tokenId;
      input.focus();
    });
    return h('li', {}, button);
  }

  return {
    update(wallets: Wallet[]) {
      const byToken = new Map<string, Wallet[]>();
      for (const wallet of wallets)
        if (wallet.tokenId) byToken.set(wallet.tokenId, [...(byToken.get(wallet.tokenId) ?? []), wallet]);
      known.replaceChildren(
        ...(byToken.size === 0
          ? []
          : [
              h('span', {}, 'Tokens you already have wallets for:'),
              h('ul', { class: 'token-chips' }, ...[...byToken].map(([id, list]) => tokenButton(id, list))),
            ]),
      );
    },
    reset() {
      known.replaceChildren();
    },
  };
}
