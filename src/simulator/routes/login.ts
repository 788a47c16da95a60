import express, { Router, type Response } from 'express';
import type { InvestorFixture } from '../fixtures';
import { FAVICON_SVG } from '../login/favicon';
import { renderLoginPage } from '../login/page';
import { appendParams } from '../login/redirect';
import { checkAppRequest, field, htmlError, sendHtml } from '../login/request';
import { LOGIN_JS } from '../login/script';
import { LOGIN_CSS } from '../login/styles';
import { renderVerificationPage, verifiedInvestor } from '../login/verification';
import { consentKey, type ClientConfig, type SimulatorState } from '../state';

/** Plays id.securitize.io: the login page and the consent decision that redirects back with a code (docs/securitize.md, "The login URL" and "What Securitize appends on return"). */
export function createLoginRouter(state: SimulatorState): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  /** Back to the app with a one-time code for this investor, as after a login (consent is recorded). */
  function returnWithCode(
    res: Response,
    client: ClientConfig,
    investor: InvestorFixture,
    redirectUrl: string,
    authorizedFalse: boolean,
  ): void {
    const key = consentKey(client.clientId, investor.profile.investorId);
    const returning = state.consents.has(key);
    state.consents.add(key);
    const params: Array<[string, string]> = [
      ['code', state.tokens.issueCode(client.clientId, investor.profile.investorId)],
      ['country', investor.country],
    ];
    // Docs: absent on first consent; support KB: false. Absent by default, false on request (docs/securitize.md, "What Securitize appends on return").
    if (returning) params.push(['authorized', 'true']);
    else if (authorizedFalse) params.push(['authorized', 'false']);
    res.redirect(303, appendParams(redirectUrl, params, state.callbackStyle));
  }

  // Rendered on each visit, so investors who signed up on this instance are listed too.
  router.get('/', (_req, res) => sendHtml(res, 200, renderLoginPage(state.investors.all())));
  router.get('/login.js', (_req, res) => void res.type('application/javascript').send(LOGIN_JS));
  router.get('/login.css', (_req, res) => void res.type('text/css').send(LOGIN_CSS));
  router.get(
    ['/favicon.svg', '/favicon.ico'],
    (_req, res) => void res.type('image/svg+xml').send(FAVICON_SVG),
  );

  router.post('/login/approve', form, (req, res) => {
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
    returnWithCode(res, client, investor, redirectUrl, field(req.body, 'authorizedFalse') === 'on');
  });

  // The verification deep link, `/#/profile/verification/type?issuerId=…&scope=…&redirecturl=…`: login.js
  // sends its fragment here as a query. The app and its redirect URL are checked before anything is shown.
  router.get('/verification', (req, res) => {
    const request = {
      issuerId: field(req.query, 'issuerId'),
      scope: field(req.query, 'scope'),
      redirectUrl: field(req.query, 'redirecturl'),
    };
    if (!checkAppRequest(state, res, request.issuerId, request.redirectUrl)) return;
    sendHtml(res, 200, renderVerificationPage(request, state.investors.all()));
  });

  // Marks the investor verified (profile and verification record), then returns to the app with a code
  // as a login does; the redirect URL is the app's (the BFF's is its /login, which starts a new login).
  router.post('/verification/complete', form, (req, res) => {
    const redirectUrl = field(req.body, 'redirecturl');
    const client = checkAppRequest(state, res, field(req.body, 'issuerId'), redirectUrl);
    if (!client) return;
    const investor = state.investors.find(field(req.body, 'investorId'));
    if (!investor) return htmlError(res, 'Unknown investor', 'Pick one of the listed investors.');
    const verified = verifiedInvestor(investor, state.options.now());
    state.investors.put(verified);
    returnWithCode(res, client, verified, redirectUrl, false);
  });

  return router;
}
