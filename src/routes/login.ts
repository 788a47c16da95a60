import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors';
import type { Config } from '../config';
import type { SecuritizeClient } from '../securitize';
import { hashState, newState, newTransactionId, TransactionStore } from '../auth/login-transaction';
import { safeReturnTo } from '../auth/return-to';
import { storeUnavailable } from '../session/store-errors';
import { readQuery } from '../http/query';

export interface LoginDeps {
  config: Config;
  securitize: SecuritizeClient;
  txStore: TransactionStore;
  now: () => number;
}

/**
 * With a Secure cookie, express-session and res.cookie silently drop the cookie on a request that
 * did not arrive over HTTPS (via the trusted proxy): the user would loop. Fail loudly instead.
 */
export function requireSecureTransport(config: Config, req: Request): void {
  if (config.session.secure && !req.secure) throw new AppError('insecure_transport');
}

/**
 * GET /login: opens a single-use login transaction and sends the browser to Securitize iD.
 * Securitize has no `state` parameter, so ours rides inside redirecturl (securitize-api.md §13.4).
 */
export function loginHandler({ config, securitize, txStore, now }: LoginDeps): RequestHandler {
  return async (req, res) => {
    requireSecureTransport(config, req);
    const returnTo = safeReturnTo(readQuery(req, ['returnTo'], []).values.returnTo);
    const id = newTransactionId();
    const state = newState();
    const ttl = config.loginTransactionTtlSeconds;
    try {
      await txStore.put(id, { stateHash: hashState(state), returnTo, createdAt: now() }, ttl);
    } catch (err) {
      throw storeUnavailable(err, 'transaction_put');
    }
    // Lax, unlike the session cookie: it must come back on the cross-site navigation to /callback.
    res.cookie(config.session.txCookieName, id, {
      httpOnly: true,
      secure: config.session.secure,
      sameSite: 'lax',
      path: '/',
      maxAge: ttl * 1000,
    });
    res.setHeader('Location', securitize.buildAuthorizeUrl(`${config.callbackUrl}?state=${state}`));
    res.status(302).end();
  };
}
