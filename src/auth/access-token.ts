import type { Request } from 'express';
import { AppError } from '../errors';
import { isSecuritizeError } from '../securitize';
import type { Sessions } from '../session';
import type { TokenRefresher } from './token-refresher';

export type WithAccessToken = <T>(req: Request, call: (accessToken: string) => Promise<T>) => Promise<T>;

/**
 * The core rule of every call made for the investor: open the session's sealed tokens, refresh
 * them first when they are about to expire, and on a 401 from Securitize refresh once and retry
 * once; when Securitize refuses fresh tokens too, the session is of no use and ends. Needs
 * `req.bff` (the session reader's result); usable from a host app's own routes in library mode.
 */
export function createWithAccessToken(deps: {
  sessions: Sessions;
  refresher: TokenRefresher;
}): WithAccessToken {
  const { sessions, refresher } = deps;
  const endFor = async (req: Request, reason: 'tokens_unreadable' | 'upstream_401_after_refresh') => {
    const { sid, record } = req.bff!;
    await sessions
      .end({ sid, investorId: record.investorId }, reason, sessions.log(req))
      .catch(() => undefined);
    return new AppError('session_expired', { detail: { reason } });
  };

  return async (req, call) => {
    if (!req.bff) throw new AppError('login_required');
    const { sid, record } = req.bff;
    const loaded = sessions.tokensOf(req.bff);
    // Sealed with a key that is no longer configured: unusable, so end it.
    if (!loaded) throw await endFor(req, 'tokens_unreadable');
    let tokens = await refresher.fresh(sid, record.investorId, loaded);
    try {
      return await call(tokens.accessToken);
    } catch (err) {
      if (!isSecuritizeError(err, 'unauthorized')) throw err;
    }
    tokens = await refresher.fresh(sid, record.investorId, tokens, tokens.accessToken);
    try {
      return await call(tokens.accessToken);
    } catch (err) {
      if (!isSecuritizeError(err, 'unauthorized')) throw err;
      throw await endFor(req, 'upstream_401_after_refresh');
    }
  };
}
