import type { InvestorFixture } from '../fixtures';
import { escapeHtml, layout } from './layout';

function investorRow(investor: InvestorFixture): string {
  const { investorId, fullName, verificationStatus } = investor.profile;
  const id = escapeHtml(investorId);
  return `<tr data-investor-row="${id}">
<td class="investor-name">${escapeHtml(fullName)}</td>
<td class="investor-status">${escapeHtml(verificationStatus)}</td>
<td class="investor-country">${escapeHtml(investor.country)}</td>
<td><button type="button" id="login-as-${id}" data-investor-id="${id}">Log in as</button></td>
</tr>`;
}

/** The login and consent screen. The request lives in the URL fragment, which only the script can read (docs/securitize.md, "The login URL"). */
export function renderLoginPage(investors: readonly InvestorFixture[]): string {
  return layout(
    'Securitize iD simulator: log in',
    `<h1>Log in and share your information</h1>
<div id="missing-params" class="error" hidden>
<p>This page expects a fragment like <code>#/authorize?issuerId=…&amp;scope=…&amp;redirecturl=…</code>
(or <code>client_id</code> / <code>redirect_uri</code>), and <code>issuerId</code> or <code>redirecturl</code> is missing.</p>
</div>
<section id="request" hidden>
<p>Application <code id="app-client-id"></code> asks for these scopes:</p>
<ul id="app-scopes"></ul>
<p>It will send you back to <code id="app-redirect-url"></code></p>
<form id="login-form" method="post" action="/login/approve">
<input type="hidden" name="issuerId" id="field-issuer-id">
<input type="hidden" name="scope" id="field-scope">
<input type="hidden" name="redirecturl" id="field-redirect-url">
<input type="hidden" name="investorId" id="field-investor-id">
<input type="hidden" name="action" id="field-action" value="approve">
<table id="investors">
<thead><tr><th>Investor</th><th>Verification status</th><th>Country</th><th></th></tr></thead>
<tbody>
${investors.map(investorRow).join('\n')}
</tbody>
</table>
<div class="actions">
<label><input type="checkbox" name="authorizedFalse" id="authorized-false"> send authorized=false on first consent</label>
<button type="button" id="cancel">Cancel</button>
</div>
<div class="actions">
<span>No Securitize iD yet?</span>
<button type="button" id="signup">Create a Securitize iD</button>
</div>
</form>
</section>`,
  );
}

/** Error pages have no script: login.js belongs to the login page and expects its form. */
export function renderErrorPage(title: string, detail: string): string {
  return layout(
    `Securitize iD simulator: ${title}`,
    `<div id="login-error" class="error">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(detail)}</p>
</div>`,
    { script: false },
  );
}
