import type { Logger } from 'pino';
import { AppError } from '../errors';
import { isSecuritizeError } from '../securitize';
import type { ActiveSession, Sessions } from '../session';
import type { TokenRefresher } from './refresher';

/** Calls Securitize for the investor of a loaded session with a fresh access token. */
export type WithSessionToken = <T>(
  session: ActiveSession,
  call: (accessToken: string) => Promise<T>,
  log?: Logger,
) => Promise<T>;

/**
 * The core rule of every call made for the investor: open the session's sealed tokens, refresh
 * them first when they are about to expire, and on a 401 from Securitize refresh once and retry
 * once; when Securitize refuses fresh tokens too, the session is of no use and ends.
 */
export function createWithAccessToken(deps: {
  sessions: Pick<Sessions, 'tokensOf' | 'end' | 'logger'>;
  refresher: TokenRefresher;
}): WithSessionToken {
  const { sessions, refresher } = deps;
  const endFor = async (
    s: ActiveSession,
    reason: 'tokens_unreadable' | 'upstream_401_after_refresh',
    log?: Logger,
  ) => {
    const which = { sid: s.sid, investorId: s.record.investorId };
    await sessions.end(which, reason, log && sessions.logger(log, s)).catch(() => undefined);
    return new AppError('session_expired', { detail: { reason } });
  };

  return async (session, call, log) => {
    const { sid, record } = session;
    const loaded = sessions.tokensOf(session);
    // Sealed with a key that is no longer configured: unusable, so end it.
    if (!loaded) throw await endFor(session, 'tokens_unreadable', log);
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
      throw await endFor(session, 'upstream_401_after_refresh', log);
    }
  };
}
