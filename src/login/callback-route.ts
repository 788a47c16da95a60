import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors';
import type { Config } from '../config';
import { isSecuritizeError, SecuritizeClient, TokenSet } from '../securitize';
import type { Sessions } from '../session';
import type { LoginTransaction } from '../store';
import { noteTokenAnswer } from '../tokens';
import type { Trust } from '../http';
import type { Metrics } from '../metrics';
import type { AuditRecorder } from '../audit';
import { parseCallbackUrl } from './callback-params';
import { requireSecureTransport } from './secure-transport';
import type { TransactionCookie } from './transaction-cookie';
import { STATE_PATTERN, Transactions } from './transactions';

export interface CallbackDeps {
  config: Config;
  trust: Trust;
  securitize: SecuritizeClient;
  transactions: Transactions;
  txCookie: TransactionCookie;
  sessions: Sessions;
  now: () => number;
  metrics: Pick<Metrics, 'login' | 'exchange' | 'sessionCreated' | 'tokenAnswer'>;
  audit: AuditRecorder;
  /** Counts callbacks that matched no transaction; throws rate_limited past the limit. */
  limitUnmatched: (req: Request, res: Response) => Promise<void>;
}

/** The documented code is a UUID; accept any short token of unreserved characters. */
const CODE_PATTERN = /^[A-Za-z0-9._~-]{1,512}$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;

/**
 * GET /callback/<state>: the state is checked against this browser's transactions, and only the
 * matching one consumed, before Securitize is called at all; a callback that matches nothing
 * consumes nothing (a page on another site can send the browser here with junk, and must not end
 * a login in flight). The code is exchanged exactly once. Every outcome is a 303 to a URL without
 * the code (the login router's error writer answers the failures).
 */
export function callbackHandler(deps: CallbackDeps): RequestHandler {
  const { config } = deps;
  return async (req, res, next) => {
    const q = parseCallbackUrl(req.url);
    if (!q) return next();
    requireSecureTransport(config, deps.trust, req);
    if (q.polluted) {
      await deps.limitUnmatched(req, res);
      throw new AppError('invalid_request', { detail: { reason: 'polluted_query' } });
    }
    const taken = await takeTransaction(req, q.state, deps);
    if (!taken.tx) {
      await deps.limitUnmatched(req, res);
      // A reload or the back button after a completed login: the investor is in, so just go on.
      if (req.session?.investorId) return redirect(res, `${config.appUrl}/`);
      throw new AppError('invalid_state', { detail: { reason: taken.reason } });
    }
    const code = q.code;
    if (code === undefined) throw new AppError('login_cancelled');
    if (!CODE_PATTERN.test(code)) throw new AppError('invalid_request', { detail: { reason: 'bad_code' } });

    const tokens = await exchange(req, deps.securitize, code, deps.metrics);
    const country = q.country;
    await deps.sessions.create(req, {
      investorId: tokens.investorId,
      tokens,
      createdAt: deps.now(),
      country: country && COUNTRY_PATTERN.test(country) ? country : undefined,
      authorized: q.authorized === 'true',
      userAgent: req.get('user-agent')?.slice(0, 256) ?? null,
      address: req.ip ?? null,
    });
    req.log.info({ event: 'login_success', firstLogin: q.authorized !== 'true' }, 'login succeeded');
    const session = deps.sessions.handle(req.sessionID);
    deps.audit.record({ type: 'login_succeeded', investorId: tokens.investorId, session });
    deps.metrics.login('success');
    deps.metrics.sessionCreated();
    redirect(res, config.appUrl + taken.tx.returnTo);
  };
}

type Taken =
  { tx: LoginTransaction } | { tx: null; reason: 'no_transaction' | 'state_mismatch' | 'bad_state' };

async function takeTransaction(req: Request, state: string | undefined, deps: CallbackDeps): Promise<Taken> {
  const browser = deps.txCookie.read(req);
  if (!browser) return { tx: null, reason: 'no_transaction' };
  if (!state || !STATE_PATTERN.test(state)) return { tx: null, reason: 'bad_state' };
  const tx = await deps.transactions.take(browser, state, deps.now());
  return tx ? { tx } : { tx: null, reason: 'state_mismatch' };
}

async function exchange(
  req: Request,
  securitize: SecuritizeClient,
  code: string,
  metrics: CallbackDeps['metrics'],
): Promise<TokenSet & { investorId: string }> {
  let tokens: TokenSet;
  try {
    tokens = await securitize.exchangeCode(code);
  } catch (err) {
    // The error writer maps Securitize's outcome to the login's error code.
    metrics.exchange(isSecuritizeError(err, 'rejected') ? 'rejected' : 'unavailable');
    if (isSecuritizeError(err, 'unusable')) metrics.tokenAnswer('oauth2.authorize', 'unusable');
    throw err;
  }
  noteTokenAnswer(req.log, metrics, 'oauth2.authorize', tokens);
  // The session's identity comes from this answer alone; without it there is no login.
  if (!tokens.investorId) {
    metrics.exchange('unusable');
    metrics.tokenAnswer('oauth2.authorize', 'unusable');
    throw new AppError('login_failed', { detail: { reason: 'no_investor_id' } });
  }
  metrics.exchange('success');
  return tokens as TokenSet & { investorId: string };
}

function redirect(res: Response, location: string): void {
  res.setHeader('Location', location);
  res.status(303).end();
}
