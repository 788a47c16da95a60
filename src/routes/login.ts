import type { Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { AppError } from '../errors';
import type { Config } from '../config';
import type { SecuritizeClient } from '../securitize';
import {
  BROWSER_ID_PATTERN,
  newBrowserId,
  newState,
  safeReturnTo,
  startedElsewhere,
  TransactionStore,
} from '../auth';
import type { Sessions } from '../session';
import { storeUnavailable } from '../redis-errors';
import { readQuery } from '../http/query';
import { forwardedProtocol, Trust } from '../http/trust';

export interface LoginDeps {
  config: Config;
  trust: Trust;
  sessions: Sessions;
  securitize: SecuritizeClient;
  txStore: TransactionStore;
  now: () => number;
}

/**
 * With a Secure cookie, express-session and res.cookie silently drop the cookie on a request that
 * did not arrive over HTTPS (via the trusted proxy): the user would loop. Fail loudly instead.
 */
export function requireSecureTransport(config: Config, trust: Trust, req: Request): void {
  if (config.session.secure && forwardedProtocol(req, trust) !== 'https')
    throw new AppError('insecure_transport', {
      detail: {
        hint: 'PUBLIC_URL is https, but this request did not arrive over https through a proxy TRUST_PROXY trusts: put a TLS-terminating proxy in front that sets X-Forwarded-Proto, and set TRUST_PROXY to its hop count or address',
      },
    });
}

/** The browser's transaction cookie value, when it brought a well-formed one. */
export function browserIdOf(req: Request, config: Config): string | undefined {
  const id = parseCookies(req.headers.cookie ?? '')[config.session.txCookieName];
  return id && BROWSER_ID_PATTERN.test(id) ? id : undefined;
}

/**
 * GET /login: opens a single-use login transaction and sends the browser to Securitize iD.
 * Securitize has no `state` parameter, so ours rides in the redirect URL's path. The browser keeps
 * one transaction cookie for all its logins in flight, so a second tab adds to it.
 */
export function loginHandler({
  config,
  trust,
  sessions,
  securitize,
  txStore,
  now,
}: LoginDeps): RequestHandler {
  const own = new Set(config.ownOrigins);
  return async (req, res) => {
    requireSecureTransport(config, trust, req);
    const returnTo = safeReturnTo(readQuery(req, ['returnTo'], []).values.returnTo);
    const browser = browserIdOf(req, config) ?? newBrowserId();
    const state = newState();
    const ttl = config.loginTransactionTtlSeconds;
    const crossSite = startedElsewhere(req, own);
    try {
      await txStore.put(browser, state, { returnTo, createdAt: now(), crossSite }, ttl);
    } catch (err) {
      throw storeUnavailable(err, 'transaction_put');
    }
    sessions.setTxCookie(res, browser, ttl);
    res.setHeader('Location', securitize.buildAuthorizeUrl(`${config.callbackUrl}/${state}`));
    res.status(302).end();
  };
}
