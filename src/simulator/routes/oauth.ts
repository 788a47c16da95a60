import { Router, type Request, type RequestHandler } from 'express';
import { hasNonJsonBody } from '../http/api-intake';
import { checkGatewayTokenSecret, checkTokenSecret } from '../http/auth';
import { sendBoom, sendUnauthorized } from '../http/boom';
import { tokenAnswer } from '../http/token-answer';
import type { ClientConfig, SimulatorState } from '../state';
import type { Redeemed } from '../token-store';
import type { SimulatorStats } from '../types';

type Counter = keyof SimulatorStats;
type Authenticate = (state: SimulatorState, req: Request) => ClientConfig | undefined;

interface TokenKind {
  field: string;
  kind: 'exchange' | 'refresh';
  use: (state: SimulatorState, clientId: string, value: string) => Redeemed;
  counters: { ok: Counter; failed: Counter; reused: Counter };
}

const EXCHANGE: TokenKind = {
  field: 'code',
  kind: 'exchange',
  use: (state, clientId, code) => state.tokens.redeemCode(clientId, code),
  counters: { ok: 'exchanges', failed: 'exchangeFailures', reused: 'codeReuse' },
};

const REFRESH: TokenKind = {
  field: 'refreshToken',
  kind: 'refresh',
  use: (state, clientId, token) => state.tokens.refresh(clientId, token),
  counters: { ok: 'refreshes', failed: 'refreshFailures', reused: 'refreshTokenReuse' },
};

function stringField(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Secret first, then the body. Every failure is the one documented 401 (docs/securitize.md, "The code exchange" and "Refresh"), except a body that is not JSON
 * at all: the docs require JSON and a hapi server answers anything else with 415 (assumption; it makes a client
 * that posts a form fail loudly). The direct API and the gateway differ only in how the client is named.
 */
function tokenEndpoint(state: SimulatorState, authenticate: Authenticate, t: TokenKind): RequestHandler {
  return (req, res) => {
    const client = authenticate(state, req);
    const unsupported = client !== undefined && hasNonJsonBody(req);
    const value = stringField(req.body, t.field);
    const outcome: Redeemed =
      client && value !== undefined ? t.use(state, client.clientId, value) : { ok: false, reuse: false };
    if (!outcome.ok) {
      state.stats[t.counters.failed] += 1;
      if (outcome.reuse) state.stats[t.counters.reused] += 1;
      return unsupported ? sendBoom(res, 415) : sendUnauthorized(res);
    }
    state.stats[t.counters.ok] += 1;
    res.status(200).json(tokenAnswer(outcome.pair, state.tokenAnswer, t.kind));
  };
}

export function createOauthRouter(state: SimulatorState): Router {
  const router = Router();
  router.post('/v1/:clientId/oauth2/authorize', tokenEndpoint(state, checkTokenSecret, EXCHANGE));
  router.post('/v1/:clientId/oauth2/refresh', tokenEndpoint(state, checkTokenSecret, REFRESH));
  // The gateway's refresh path is not publicly documented; it is assumed to mirror the exchange.
  router.post('/api/auth/v1/authorize', tokenEndpoint(state, checkGatewayTokenSecret, EXCHANGE));
  router.post('/api/auth/v1/refresh', tokenEndpoint(state, checkGatewayTokenSecret, REFRESH));
  return router;
}
