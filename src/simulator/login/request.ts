import type { Response } from 'express';
import type { ClientConfig, SimulatorState } from '../state';
import { renderErrorPage } from './page';
import { isRedirectAllowed } from './redirect';
import { renderRedirectNotAllowed } from './redirect-error';

// No form-action: Chrome applies it to the redirect that follows the form post, which leaves this origin.
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'";

/** A single string field of a urlencoded body; anything else (missing, repeated, nested) reads as ''. */
export function field(body: unknown, key: string): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : '';
}

export function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).set('content-security-policy', CSP).type('html').send(html);
}

export function htmlError(res: Response, title: string, detail: string): void {
  sendHtml(res, 400, renderErrorPage(title, detail));
}

/**
 * The app named by issuerId, when the redirect URL is on its allow-list; otherwise answers with an error page and
 * returns undefined. What the real service does for a URL off the list is unknown; an error page keeps the
 * simulator from being an open redirect.
 */
export function checkAppRequest(
  state: SimulatorState,
  res: Response,
  issuerId: string,
  redirectUrl: string,
): ClientConfig | undefined {
  const client = state.clients.get(issuerId);
  if (!client) {
    htmlError(res, 'Unknown application', `No application has the issuerId "${issuerId}".`);
    return undefined;
  }
  if (!isRedirectAllowed(redirectUrl, client.redirectUrls)) {
    sendHtml(res, 400, renderRedirectNotAllowed(client, redirectUrl));
    return undefined;
  }
  return client;
}
