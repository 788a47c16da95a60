import express, { Router } from 'express';
import { FAVICON_SVG } from '../login/favicon';
import { renderLoginPage } from '../login/page';
import { appendParams } from '../login/redirect';
import { checkAppRequest, field, htmlError, sendHtml } from '../login/request';
import { LOGIN_JS } from '../login/script';
import { LOGIN_CSS } from '../login/styles';
import { consentKey, type SimulatorState } from '../state';

/** Plays id.securitize.io: the login page and the consent decision that redirects back with a code (docs/securitize.md, "The login URL" and "What Securitize appends on return"). */
export function createLoginRouter(state: SimulatorState): Router {
  const router = Router();

  // Rendered on each visit, so investors who signed up on this instance are listed too.
  router.get('/', (_req, res) => sendHtml(res, 200, renderLoginPage(state.investors.all())));
  router.get('/login.js', (_req, res) => void res.type('application/javascript').send(LOGIN_JS));
  router.get('/login.css', (_req, res) => void res.type('text/css').send(LOGIN_CSS));
  router.get(
    ['/favicon.svg', '/favicon.ico'],
    (_req, res) => void res.type('image/svg+xml').send(FAVICON_SVG),
  );

  router.post('/login/approve', express.urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
    const redirectUrl = field(req.body, 'redirecturl');
    const action = field(req.body, 'action');
    const client = checkAppRequest(state, res, field(req.body, 'issuerId'), redirectUrl);
    if (!client) return;
    // What Securitize sends on cancel is undocumented (docs/securitize.md, "Open questions"): back to the app with nothing added.
    if (action === 'cancel') return res.redirect(303, redirectUrl);
    if (action !== 'approve')
      return htmlError(res, 'Unknown action', 'The action must be approve or cancel.');
    const investor = state.investors.find(field(req.body, 'investorId'));
    if (!investor) return htmlError(res, 'Unknown investor', 'Pick one of the listed investors.');

    const key = consentKey(client.clientId, investor.profile.investorId);
    const returning = state.consents.has(key);
    state.consents.add(key);
    const params: Array<[string, string]> = [
      ['code', state.tokens.issueCode(client.clientId, investor.profile.investorId)],
      ['country', investor.country],
    ];
    // Docs: absent on first consent; support KB: false. Absent by default, false on request (docs/securitize.md, "What Securitize appends on return").
    if (returning) params.push(['authorized', 'true']);
    else if (field(req.body, 'authorizedFalse') === 'on') params.push(['authorized', 'false']);
    res.redirect(303, appendParams(redirectUrl, params, state.callbackStyle));
  });

  return router;
}
