import { escapeHtml, layout } from '../login/layout';
import { accountFields, consentFields, documentFields, identityFields, type Values } from './forms';
import { SIGNUP_STEPS, type SignupRecord, type SignupStep } from './store';

const STEP_TITLES: Record<SignupStep, string> = {
  account: 'Your account',
  identity: 'About you',
  documents: 'Identity document',
  consent: 'Share your information',
};

const page = (title: string, body: string) =>
  layout(`Securitize iD simulator: ${title}`, body, { script: false });

export const stepUrl = (record: SignupRecord, step: SignupStep) => `/signup/${record.id}/${step}`;

function fieldsOf(record: SignupRecord, step: SignupStep, values: Values): string {
  switch (step) {
    case 'account':
      return accountFields(values);
    case 'identity':
      return identityFields(values);
    case 'documents':
      return documentFields(record.identity?.investorType ?? 'individual', values);
    case 'consent':
      return consentFields(record);
  }
}

function buttons(step: SignupStep): string {
  if (step !== 'consent') return '<button type="submit" id="next">Continue</button>';
  return `<button type="submit" name="action" value="approve" id="approve">Share and continue</button>
<button type="submit" name="action" value="cancel" id="cancel">Cancel</button>`;
}

/** One step of the sign-up: a plain form posting back to the same URL, with the problem shown above it if any. */
export function renderStep(
  record: SignupRecord,
  step: SignupStep,
  opts: { values?: Values; error?: string } = {},
): string {
  const number = SIGNUP_STEPS.indexOf(step) + 1;
  const error = opts.error
    ? `<p id="signup-error" class="error" role="alert">${escapeHtml(opts.error)}</p>\n`
    : '';
  return page(
    STEP_TITLES[step],
    `<h1>Create your Securitize iD</h1>
<p class="step" id="signup-step" data-step="${step}">Step ${number} of ${SIGNUP_STEPS.length}: ${STEP_TITLES[step]}</p>
${error}<form id="signup-form" class="signup" method="post" action="${stepUrl(record, step)}">
${fieldsOf(record, step, opts.values ?? {})}
<div class="actions">
${buttons(step)}
</div>
</form>`,
  );
}

function problem(title: string, detail: string, extra = ''): string {
  return page(
    title,
    `<div id="signup-problem" class="error">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(detail)}</p>${extra}
</div>`,
  );
}

export function renderOutOfOrder(record: SignupRecord, next: SignupStep): string {
  return problem(
    'Step out of order',
    `This sign-up is not there yet: the next step is "${next}" (${STEP_TITLES[next]}).`,
    `\n<p><a id="next-step" href="${stepUrl(record, next)}">Continue with the ${next} step</a></p>`,
  );
}

export function renderSignupNotFound(): string {
  return problem(
    'Sign-up not found',
    'This sign-up does not exist, is already finished, or has expired (a sign-up lasts 24 hours).',
  );
}
