import { escapeHtml } from '../login/layout';
import type { InvestorType, SignupRecord } from './store';
import { DOC_TYPES, SUGGESTED_COUNTRIES } from './validate';

// The inner part of each step's form. Values come back escaped, so a rejected entry can be shown again as typed.
export type Values = Record<string, string>;

function input(name: string, label: string, values: Values, attrs = ''): string {
  const value = escapeHtml(values[name] ?? '');
  return `<label class="field">${escapeHtml(label)}
<input name="${name}" id="field-${name}" value="${value}"${attrs ? ` ${attrs}` : ''}>
</label>`;
}

function select(name: string, label: string, options: Array<[string, string]>, chosen = ''): string {
  const items = options.map(([value, text]) => {
    const selected = value === chosen ? ' selected' : '';
    return `<option value="${escapeHtml(value)}"${selected}>${escapeHtml(text)}</option>`;
  });
  return `<label class="field">${escapeHtml(label)}
<select name="${name}" id="field-${name}">
${items.join('\n')}
</select>
</label>`;
}

export function accountFields(values: Values): string {
  return [
    input('fullName', 'Full name', values, 'maxlength="100" autocomplete="name" required'),
    input('email', 'Email', values, 'type="email" autocomplete="email" required'),
  ].join('\n');
}

export function identityFields(values: Values): string {
  const countries = SUGGESTED_COUNTRIES.map((c) => `<option value="${c}"></option>`).join('');
  const types: Array<[string, string]> = [
    ['individual', 'Individual'],
    ['entity', 'Entity (company, fund, trust)'],
  ];
  return [
    select('investorType', 'I invest as', types, values.investorType),
    input('country', 'Country (two-letter ISO code)', values, 'list="countries" maxlength="2" required'),
    `<datalist id="countries">${countries}</datalist>`,
    input('usState', 'US state (two letters, US residents only)', values, 'maxlength="2"'),
    input('birthDate', 'Date of birth, or of incorporation for an entity', values, 'type="date" required'),
    input('entityName', 'Entity name (entities only)', values, 'maxlength="200"'),
  ].join('\n');
}

export function documentFields(investorType: InvestorType, values: Values): string {
  const options = DOC_TYPES[investorType].map((t): [string, string] => [t, t.replace(/-/g, ' ')]);
  return `${select('docType', 'Document type', options, values.docType)}
<p class="hint">No file is uploaded here: the simulator records the document and serves a specimen file drawn from your details when the document is viewed.</p>`;
}

export function consentFields(record: SignupRecord): string {
  const scopes = record.scope.split(/\s+/).filter(Boolean);
  const items = scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return `<p>Application <code id="app-client-id">${escapeHtml(record.clientId)}</code> asks for these scopes:</p>
<ul id="app-scopes">${items}</ul>
<p>It will send you back to <code id="app-redirect-url">${escapeHtml(record.redirectUrl)}</code></p>`;
}
