import type { InvestorFixture } from '../fixtures';
import { escapeHtml, layout } from './layout';

/** The app's request, carried from the deep link's fragment to the form (the same three fields as a login). */
export interface VerificationRequest {
  issuerId: string;
  scope: string;
  redirectUrl: string;
}

function investorRow(investor: InvestorFixture): string {
  const { investorId, fullName, verificationStatus } = investor.profile;
  const id = escapeHtml(investorId);
  return `<tr data-investor-row="${id}">
<td class="investor-name">${escapeHtml(fullName)}</td>
<td class="investor-status">${escapeHtml(verificationStatus)}</td>
<td class="investor-country">${escapeHtml(investor.country)}</td>
<td><button type="submit" name="investorId" value="${id}" id="verify-${id}" data-verify-investor-id="${id}">Complete verification</button></td>
</tr>`;
}

/**
 * Securitize iD's verification (KYC) page, `#/profile/verification/type?…` (the login page's
 * script sends that fragment here as a query). A plain form, no script: the investor picks who they
 * are and completes verification in one click, which real KYC of course is not.
 */
export function renderVerificationPage(
  request: VerificationRequest,
  investors: readonly InvestorFixture[],
): string {
  const hidden = (name: string, value: string) =>
    `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  return layout(
    'Securitize iD simulator: identity verification',
    `<h1>Identity verification (simulated)</h1>
<p>Application <code id="app-client-id">${escapeHtml(request.issuerId)}</code> sent you here to verify your
identity. Pick who you are and complete verification; you then go back to
<code id="app-redirect-url">${escapeHtml(request.redirectUrl)}</code></p>
<p class="hint">Real verification asks for documents and takes a review. Here it marks the investor
<code>verified</code> at once, until the simulator restarts.</p>
<form id="verification-form" method="post" action="/verification/complete">
${hidden('issuerId', request.issuerId)}
${hidden('scope', request.scope)}
${hidden('redirecturl', request.redirectUrl)}
<table id="investors">
<thead><tr><th>Investor</th><th>Verification status</th><th>Country</th><th></th></tr></thead>
<tbody>
${investors.map(investorRow).join('\n')}
</tbody>
</table>
</form>`,
    { script: false },
  );
}

/** The investor as verification leaves them: the profile's status and the verification record say `verified`. */
export function verifiedInvestor(investor: InvestorFixture, nowMs: number): InvestorFixture {
  const at = new Date(nowMs).toISOString();
  const copy = structuredClone(investor);
  copy.profile.verificationStatus = 'verified';
  copy.verification = {
    investorId: investor.profile.investorId,
    createDate: at,
    isManual: false,
    ...copy.verification,
    status: 'verified',
    updateDate: at,
    errors: [],
  };
  return copy;
}
