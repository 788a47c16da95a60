import { escapeHtml, layout } from '../login/layout';
import type { DomainInvestorEntry, WebhookDelivery, WebhookSubscription } from './types';

/** The seven documented statuses, offered by the page; the HTTP and code controls take any lower-case word. */
const STATUSES = [
  'none',
  'processing',
  'updates-required',
  'verified',
  'manual-review',
  'rejected',
  'expired',
];

function statusForm(entry: DomainInvestorEntry): string {
  const options = [...new Set([...STATUSES, entry.kycStatus])]
    .map((s) => `<option${s === entry.kycStatus ? ' selected' : ''}>${escapeHtml(s)}</option>`)
    .join('');
  return `<form method="post" action="/__control/kyc">
<input type="hidden" name="investorId" value="${escapeHtml(entry.investorId)}">
<select name="status" aria-label="KYC status">${options}</select> <button type="submit">Set and notify</button>
</form>`;
}

/** A payloadUrl's origin only: its path is the receiver's secret. */
function where(payloadUrl: string): string {
  return `${new URL(payloadUrl).origin}/…`;
}

function rows<T>(items: readonly T[], empty: string, cells: (item: T) => string[]): string {
  if (items.length === 0) return `<tr><td colspan="6">${escapeHtml(empty)}</td></tr>`;
  return items
    .map(
      (item) =>
        `<tr>${cells(item)
          .map((c) => `<td>${c}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
}

/** A page for people (the demo): set an investor's KYC status and see the webhook deliveries it caused. */
export function renderKycPage(
  investors: (DomainInvestorEntry & { fullName: string })[],
  subscriptions: WebhookSubscription[],
  deliveries: WebhookDelivery[],
): string {
  const investorRows = rows(investors, 'No investors.', (i) => [
    escapeHtml(i.fullName),
    `<code>${escapeHtml(i.investorId)}</code>`,
    `<code>${escapeHtml(i.externalId)}</code>`,
    `<span class="kyc-status">${escapeHtml(i.kycStatus)}</span>`,
    statusForm(i),
  ]);
  const subscriptionRows = rows(subscriptions, 'No subscriptions: nothing will be sent.', (s) => [
    escapeHtml(s.eventType),
    escapeHtml(where(s.payloadUrl)),
    s.isActive ? 'active' : 'paused',
    `nonce ${s.nonce}`,
  ]);
  const deliveryRows = rows(deliveries.slice(-10).reverse(), 'No deliveries yet.', (d) => [
    escapeHtml(d.createdAt),
    escapeHtml(d.eventType),
    escapeHtml(where(d.payloadUrl)),
    escapeHtml(d.status),
    `${d.attempts} ${d.attempts === 1 ? 'try' : 'tries'}: ${d.responses.map((r) => r ?? escapeHtml(d.error ?? 'none')).join(', ')}`,
  ]);
  return layout(
    'Securitize iD simulator: KYC status and webhooks',
    `<h1>KYC status and webhooks</h1>
<p class="hint">Setting a status changes what the investor endpoints and the Domain API report at once, and sends a
signed <code>domain-investor-kyc-update</code> to each active subscription for it.</p>
<table id="kyc-investors">
<thead><tr><th>Investor</th><th>investorId</th><th>externalId</th><th>KYC status</th><th></th></tr></thead>
<tbody>
${investorRows}
</tbody>
</table>
<h2>Subscriptions</h2>
<table id="kyc-subscriptions"><tbody>
${subscriptionRows}
</tbody></table>
<h2>Last deliveries</h2>
<table id="kyc-deliveries"><tbody>
${deliveryRows}
</tbody></table>`,
    { script: false },
  );
}
