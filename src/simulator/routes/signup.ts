import express, { Router, type Request, type Response } from 'express';
import { appendParams } from '../login/redirect';
import { checkAppRequest, field, sendHtml } from '../login/request';
import { investorFromSignup, type FinishedSignup } from '../signup/create-investor';
import type { Values } from '../signup/forms';
import { renderOutOfOrder, renderSignupNotFound, renderStep, stepUrl } from '../signup/pages';
import { SIGNUP_STEPS, type SignupRecord, type SignupStep } from '../signup/store';
import { parseAccount, parseDocument, parseIdentity } from '../signup/validate';
import { consentKey, type SimulatorState } from '../state';

const FIELDS: Record<SignupStep, readonly string[]> = {
  account: ['fullName', 'email'],
  identity: ['investorType', 'country', 'usState', 'birthDate', 'entityName'],
  documents: ['docType'],
  consent: [],
};

const isStep = (step: string): step is SignupStep => (SIGNUP_STEPS as readonly string[]).includes(step);

/** What the form showed last time, for a step being looked at again. */
function savedValues(record: SignupRecord, step: SignupStep): Values {
  if (step === 'account') return { ...record.account };
  if (step === 'documents') return record.document ? { docType: record.document.docType } : {};
  if (step !== 'identity' || !record.identity) return {};
  const { investorType, country, usState = '', birthDate, entityName = '' } = record.identity;
  return { investorType, country, usState, birthDate, entityName };
}

function finished(record: SignupRecord, investorId: string): FinishedSignup | undefined {
  const { account, identity, document, startedAt } = record;
  return account && identity && document ? { investorId, startedAt, account, identity, document } : undefined;
}

/**
 * Sign-up for an investor with no Securitize iD yet, started from the login page. Each step is a page with a
 * plain form and a POST that checks it and moves on; after the consent step the new investor exists and the
 * browser goes back to the app with a code, as after a login. This can take a long time in real life, so nothing
 * here depends on the code or token lifetimes; a sign-up itself lasts 24 hours.
 */
export function createSignupRouter(state: SimulatorState): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.post('/signup/start', form, (req, res) => {
    const redirectUrl = field(req.body, 'redirecturl');
    const client = checkAppRequest(state, res, field(req.body, 'issuerId'), redirectUrl);
    if (!client) return;
    const scope = field(req.body, 'scope');
    const record = state.signups.start({ clientId: client.clientId, scope, redirectUrl });
    res.redirect(303, stepUrl(record, 'account'));
  });

  /** The sign-up and step a request names, if that step can be done now; otherwise answers 404 or 409 itself. */
  function open(req: Request, res: Response): { record: SignupRecord; index: number } | undefined {
    const record = state.signups.get(String(req.params.id));
    const step = String(req.params.step);
    if (!record || !isStep(step)) return void sendHtml(res, 404, renderSignupNotFound());
    const index = SIGNUP_STEPS.indexOf(step);
    const next = SIGNUP_STEPS[record.completed];
    if (index > record.completed && next) return void sendHtml(res, 409, renderOutOfOrder(record, next));
    return { record, index };
  }

  router.get('/signup/:id/:step', (req, res) => {
    const opened = open(req, res);
    const step = opened && SIGNUP_STEPS[opened.index];
    if (!opened || !step) return;
    sendHtml(res, 200, renderStep(opened.record, step, { values: savedValues(opened.record, step) }));
  });

  router.post('/signup/:id/:step', form, (req, res) => {
    const opened = open(req, res);
    const step = opened && SIGNUP_STEPS[opened.index];
    if (!opened || !step) return;
    const { record, index } = opened;
    if (step === 'consent') return consent(record, req, res);
    const error = saveStep(record, step, req.body);
    if (error !== undefined) {
      const values = Object.fromEntries(FIELDS[step].map((name) => [name, field(req.body, name)]));
      return sendHtml(res, 400, renderStep(record, step, { values, error }));
    }
    record.completed = index + 1;
    res.redirect(303, stepUrl(record, SIGNUP_STEPS[index + 1] ?? 'consent'));
  });

  /** Stores a valid step on the record, or says what is wrong with it. */
  function saveStep(record: SignupRecord, step: SignupStep, body: unknown): string | undefined {
    if (step === 'account') {
      const parsed = parseAccount(body);
      if (!parsed.ok) return parsed.error;
      record.account = parsed.value;
    } else if (step === 'identity') {
      const parsed = parseIdentity(body, state.options.now());
      if (!parsed.ok) return parsed.error;
      record.identity = parsed.value;
    } else if (step === 'documents') {
      const parsed = parseDocument(body, record.identity?.investorType ?? 'individual');
      if (!parsed.ok) return parsed.error;
      record.document = { docType: parsed.value, submittedAt: state.options.now() };
    }
    return undefined;
  }

  function consent(record: SignupRecord, req: Request, res: Response): void {
    // The app's allow-list may have changed while the investor was filling in the forms.
    const client = checkAppRequest(state, res, record.clientId, record.redirectUrl);
    if (!client) return;
    const action = field(req.body, 'action');
    if (action === 'cancel') {
      state.signups.finish(record.id);
      return res.redirect(303, record.redirectUrl);
    }
    const done = finished(record, state.investors.newId());
    if (action !== 'approve' || !done) {
      const error = 'Choose "Share and continue" or "Cancel".';
      return sendHtml(res, 400, renderStep(record, 'consent', { error }));
    }
    const investor = investorFromSignup(done);
    state.investors.add(investor);
    state.consents.add(consentKey(client.clientId, done.investorId));
    state.signups.finish(record.id);
    // A first consent by definition, so `authorized` is left out.
    const params: Array<[string, string]> = [
      ['code', state.tokens.issueCode(client.clientId, done.investorId)],
      ['country', investor.country],
    ];
    res.redirect(303, appendParams(record.redirectUrl, params, state.callbackStyle));
  }

  return router;
}
