import express, { Router, type Response } from 'express';
import { SEED_INVESTORS, findInvestor } from '../fixtures';
import { renderErrorPage, renderLoginPage } from '../login/page';
import { appendParams, isRedirectAllowed } from '../login/redirect';
import { LOGIN_JS } from '../login/script';
import { LOGIN_CSS } from '../login/styles';
import { consentKey, type SimulatorState } from '../state';

// No form-action: Chrome applies it to the redirect that follows the form post, which leaves this origin.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'";

function field(body: unknown, key: string): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : '';
}

function htmlError(res: Response, title: string, detail: string): void {
  res.status(400).set('content-security-policy', CSP).type('html').send(renderErrorPage(title, detail));
}

/** Plays id.securitize.io: the login page and the consent decision that redirects back with a code (§4, §6.1). */
export function createLoginRouter(state: SimulatorState): Router {
  const router = Router();
  const page = renderLoginPage(SEED_INVESTORS);

  router.get('/', (_req, res) => void res.set('content-security-policy', CSP).type('html').send(page));
  router.get('/login.js', (_req, res) => void res.type('application/javascript').send(LOGIN_JS));
  router.get('/login.css', (_req, res) => void res.type('text/css').send(LOGIN_CSS));

  router.post('/login/approve', express.urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
    const issuerId = field(req.body, 'issuerId');
    const redirectUrl = field(req.body, 'redirecturl');
    const action = field(req.body, 'action');
    const client = state.clients.get(issuerId);
    if (!client)
      return htmlError(res, 'Unknown application', `No application has the issuerId "${issuerId}".`);
    // Real behaviour for a URL off the allow-list is unknown (§5); an error page keeps it from being an open redirect.
    if (!isRedirectAllowed(redirectUrl, client.redirectUrls)) {
      return htmlError(
        res,
        'Redirect URL not allowed',
        `"${redirectUrl}" is not in this application's redirectUrls.`,
      );
    }
    // What Securitize sends on cancel is undocumented (§15.7): back to the app with nothing added.
    if (action === 'cancel') return res.redirect(303, redirectUrl);
    if (action !== 'approve')
      return htmlError(res, 'Unknown action', 'The action must be approve or cancel.');
    const investor = findInvestor(field(req.body, 'investorId'));
    if (!investor) return htmlError(res, 'Unknown investor', 'Pick one of the seeded investors.');

    const key = consentKey(client.clientId, investor.profile.investorId);
    const returning = state.consents.has(key);
    state.consents.add(key);
    const params: Array<[string, string]> = [
      ['code', state.tokens.issueCode(client.clientId, investor.profile.investorId)],
      ['country', investor.country],
    ];
    // Docs: absent on first consent; support KB: false. Absent by default, false on request (§6.1).
    if (returning) params.push(['authorized', 'true']);
    else if (field(req.body, 'authorizedFalse') === 'on') params.push(['authorized', 'false']);
    res.redirect(303, appendParams(redirectUrl, params));
  });

  return router;
}
