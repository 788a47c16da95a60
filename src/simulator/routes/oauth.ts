import { Router, type RequestHandler } from 'express';
import { hasNonJsonBody } from '../http/api-intake';
import { checkSecret } from '../http/auth';
import { sendBoom, sendUnauthorized } from '../http/boom';
import type { SimulatorState } from '../state';
import type { Redeemed } from '../token-store';
import type { SimulatorStats } from '../types';

type Counter = keyof SimulatorStats;

function stringField(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Secret first, then the body. Every failure is the one documented 401 (§6.2, §6.4), except a body that is not JSON
 * at all: the docs require JSON and a hapi server answers anything else with 415 (assumption; it makes a client
 * that posts a form fail loudly).
 */
function tokenEndpoint(
  state: SimulatorState,
  field: string,
  use: (clientId: string, value: string) => Redeemed,
  counters: { ok: Counter; failed: Counter; reused: Counter },
): RequestHandler {
  return (req, res) => {
    const client = checkSecret(state, req);
    const unsupported = client !== undefined && hasNonJsonBody(req);
    const value = stringField(req.body, field);
    const outcome: Redeemed =
      client && value !== undefined ? use(client.clientId, value) : { ok: false, reuse: false };
    if (!outcome.ok) {
      state.stats[counters.failed] += 1;
      if (outcome.reuse) state.stats[counters.reused] += 1;
      return unsupported ? sendBoom(res, 415) : sendUnauthorized(res);
    }
    state.stats[counters.ok] += 1;
    res.status(200).json(outcome.pair);
  };
}

export function createOauthRouter(state: SimulatorState): Router {
  const router = Router();
  router.post(
    '/v1/:clientId/oauth2/authorize',
    tokenEndpoint(state, 'code', (clientId, code) => state.tokens.redeemCode(clientId, code), {
      ok: 'exchanges',
      failed: 'exchangeFailures',
      reused: 'codeReuse',
    }),
  );
  router.post(
    '/v1/:clientId/oauth2/refresh',
    tokenEndpoint(state, 'refreshToken', (clientId, token) => state.tokens.refresh(clientId, token), {
      ok: 'refreshes',
      failed: 'refreshFailures',
      reused: 'refreshTokenReuse',
    }),
  );
  return router;
}
