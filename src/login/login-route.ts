import type { RequestHandler } from 'express';
import type { Config } from '../config';
import type { SecuritizeClient } from '../securitize';
import { readQuery, Trust } from '../http';
import { safeReturnTo } from './return-to';
import { startedElsewhere } from './started-elsewhere';
import { requireSecureTransport } from './secure-transport';
import type { TransactionCookie } from './transaction-cookie';
import { newBrowserId, newState, Transactions } from './transactions';

export interface LoginDeps {
  config: Config;
  trust: Trust;
  securitize: SecuritizeClient;
  transactions: Transactions;
  txCookie: TransactionCookie;
  now: () => number;
}

/**
 * GET /login: opens a single-use login transaction and sends the browser to Securitize iD.
 * Securitize has no `state` parameter, so ours rides in the redirect URL's path. The browser keeps
 * one transaction cookie for all its logins in flight, so a second tab adds to it.
 */
export function loginHandler(deps: LoginDeps): RequestHandler {
  const { config } = deps;
  const own = new Set(config.ownOrigins);
  return async (req, res) => {
    requireSecureTransport(config, deps.trust, req);
    const returnTo = safeReturnTo(readQuery(req, ['returnTo'], []).values.returnTo);
    const browser = deps.txCookie.read(req) ?? newBrowserId();
    const state = newState();
    const crossSite = startedElsewhere(req, own);
    await deps.transactions.put(browser, state, { returnTo, createdAt: deps.now(), crossSite });
    deps.txCookie.set(res, browser, config.loginTransactionTtlSeconds);
    res.setHeader('Location', deps.securitize.buildAuthorizeUrl(`${config.callbackUrl}/${state}`));
    res.status(302).end();
  };
}
