import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { AppError } from '../errors';
import type { Config } from '../config';
import type { SecuritizeClient, TokenSet } from '../securitize';
import {
  LoginTransaction,
  STATE_PATTERN,
  stateMatches,
  TX_ID_PATTERN,
  TransactionStore,
} from '../auth/login-transaction';
import { storeUnavailable } from '../session/store-errors';
import { destroySession, regenerateSession, saveSession } from '../session/ops';
import { sessionIdIsFresh } from '../session/login-session';
import { readQuery } from '../http/query';
import { requireSecureTransport } from './login';
import type { TokenCodec } from '../session/codec';
import type { InvestorIndex } from '../session/investor-index';
import type { Metrics } from '../metrics';
import { tokenFields } from '../session/record';

export interface CallbackDeps {
  config: Config;
  securitize: SecuritizeClient;
  txStore: TransactionStore;
  codec: TokenCodec;
  index: InvestorIndex;
  now: () => number;
  metrics: Pick<Metrics, 'login' | 'exchange' | 'sessionCreated'>;
}

/** The documented code is a UUID; accept any short token of unreserved characters (A5). */
const CODE_PATTERN = /^[A-Za-z0-9._~-]{1,512}$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;

/**
 * GET /callback: the state is checked against the transaction cookie and the Redis record, and
 * the transaction consumed, before Securitize is called at all. The code is exchanged exactly once.
 * Every outcome is a 303 to a URL without the code (the error handler writes the failures).
 */
export function callbackHandler(deps: CallbackDeps): RequestHandler {
  const { config, now } = deps;
  return async (req, res) => {
    requireSecureTransport(config, req);
    const q = readQuery(req, ['state', 'code', 'country', 'authorized'], ['state', 'code']);
    const tx = await takeTransaction(req, res, deps);
    if (q.polluted) throw new AppError('invalid_request', { detail: { reason: 'polluted_query' } });

    const state = q.values.state;
    const fresh = tx !== null && now() - tx.createdAt <= config.loginTransactionTtlSeconds * 1000;
    if (!fresh || !state || !STATE_PATTERN.test(state) || !stateMatches(state, tx.stateHash)) {
      // A reload or the back button after a completed login: the investor is in, so just go on.
      if (req.session?.investorId) return redirect(res, `${config.appUrl}/`);
      throw new AppError('invalid_state', { detail: { reason: tx ? 'state_mismatch' : 'no_transaction' } });
    }
    const code = q.values.code;
    if (code === undefined) throw new AppError('login_cancelled');
    if (!CODE_PATTERN.test(code)) throw new AppError('invalid_request', { detail: { reason: 'bad_code' } });

    const tokens = await exchange(deps.securitize, code, deps.metrics);
    const country = q.values.country;
    const createdAt = now();
    const userAgent = req.get('user-agent')?.slice(0, 256);
    await establishSession(req, tokens, deps.codec, {
      country: country && COUNTRY_PATTERN.test(country) ? country : undefined,
      authorized: q.values.authorized === 'true',
      createdAt,
    });
    try {
      await deps.index.add(tokens.investorId, req.sessionID, { createdAt, userAgent: userAgent ?? null });
    } catch (err) {
      // The session exists but "log out everywhere" would miss it: don't hand out its cookie.
      await deps.index.remove(tokens.investorId, req.sessionID).catch(() => undefined);
      await new Promise<void>((r) => req.session.destroy(() => r()));
      throw storeUnavailable(err, 'investor_index');
    }
    req.log.info({ event: 'login_success', firstLogin: q.values.authorized !== 'true' }, 'login succeeded');
    deps.metrics.login('success');
    deps.metrics.sessionCreated();
    redirect(res, config.appUrl + tx.returnTo);
  };
}

async function takeTransaction(
  req: Request,
  res: Response,
  deps: CallbackDeps,
): Promise<LoginTransaction | null> {
  const name = deps.config.session.txCookieName;
  const id = parseCookies(req.headers.cookie ?? '')[name];
  res.clearCookie(name, { httpOnly: true, secure: deps.config.session.secure, sameSite: 'lax', path: '/' });
  if (!id || !TX_ID_PATTERN.test(id)) return null;
  try {
    return await deps.txStore.take(id);
  } catch (err) {
    throw storeUnavailable(err, 'transaction_take');
  }
}

async function exchange(
  securitize: SecuritizeClient,
  code: string,
  metrics: Pick<Metrics, 'exchange'>,
): Promise<TokenSet> {
  try {
    const tokens = await securitize.exchangeCode(code);
    metrics.exchange('success');
    return tokens;
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('securitize_unavailable', { cause: err });
    const code = e.code === 'securitize_rejected' ? 'login_failed' : 'securitize_unavailable';
    metrics.exchange(code === 'login_failed' ? 'rejected' : 'unavailable');
    throw new AppError(code, { detail: e.detail, upstreamStatus: e.upstreamStatus });
  }
}

/**
 * Regenerate (no fixation) unless the id is one express-session just made, store, and only then
 * answer: an unsaved session must not get a cookie.
 */
async function establishSession(
  req: Request,
  tokens: TokenSet,
  codec: TokenCodec,
  hints: { country?: string; authorized: boolean; createdAt: number },
): Promise<void> {
  if (!sessionIdIsFresh(req)) await regenerateSession(req);
  // The tokens are sealed with the new session id as associated data: only this session opens them.
  Object.assign(req.session, {
    investorId: tokens.investorId,
    ...tokenFields(tokens, req.sessionID, codec),
    ...hints,
  });
  try {
    await saveSession(req);
  } catch (err) {
    // A save that timed out may still be carried out once Redis answers again (a paused or slow
    // Redis): queue a delete behind it on the same connection, so no orphan session is left.
    void destroySession(req).catch(() => undefined);
    throw err;
  }
}

function redirect(res: Response, location: string): void {
  res.setHeader('Location', location);
  res.status(303).end();
}
