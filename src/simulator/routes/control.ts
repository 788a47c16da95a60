import express, { Router } from 'express';
import { sendBoom } from '../http/boom';
import { isObject, parseFault } from '../http/parse-fault';
import { CALLBACK_STYLES, EXPIRATION_FORMATS } from '../options';
import type { CallbackStyle, ExpirationFormat, SimulatorControl, TokenAnswerOptions } from '../types';

const OK = { ok: true };

function parseTokenAnswer(body: unknown): TokenAnswerOptions | string {
  if (!isObject(body)) return 'token answer must be an object';
  const unknownKey = Object.keys(body).find(
    (k) => k !== 'expirationFormat' && k !== 'refreshOmitsInvestorId',
  );
  if (unknownKey !== undefined) return `${unknownKey} is not a token answer setting`;
  const { expirationFormat, refreshOmitsInvestorId } = body;
  if (expirationFormat !== undefined && !EXPIRATION_FORMATS.includes(expirationFormat as ExpirationFormat)) {
    return `expirationFormat must be one of ${EXPIRATION_FORMATS.join(', ')}`;
  }
  if (refreshOmitsInvestorId !== undefined && typeof refreshOmitsInvestorId !== 'boolean') {
    return 'refreshOmitsInvestorId must be a boolean';
  }
  return body as TokenAnswerOptions;
}

/**
 * The same control surface over HTTP, for processes that cannot reach the object (browser tests, the dev server).
 * It has no authentication: the simulator binds to 127.0.0.1 unless told otherwise, and it holds no real secrets.
 */
export function createControlRouter(control: SimulatorControl): Router {
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  const actions: Array<['post' | 'delete', string, () => void]> = [
    ['delete', '/calls', () => control.clearCalls()],
    ['delete', '/faults', () => control.clearFaults()],
    ['post', '/expire-access-tokens', () => control.expireAccessTokens()],
    ['post', '/revoke-refresh-tokens', () => control.revokeRefreshTokens()],
    ['post', '/reset', () => control.reset()],
  ];
  for (const [method, path, action] of actions) {
    router[method](path, (_req, res) => {
      action();
      res.json(OK);
    });
  }

  router.get('/calls', (_req, res) => void res.json(control.calls()));
  router.get('/stats', (_req, res) => void res.json(control.stats()));

  router.post('/faults', (req, res) => {
    const fault = parseFault(req.body);
    if (typeof fault === 'string') return sendBoom(res, 400, fault);
    control.injectFault(fault);
    res.json(OK);
  });

  router.post('/envelope', (req, res) => {
    const { mode, status } = isObject(req.body) ? req.body : {};
    if (mode !== 'wrapped' && mode !== 'bare') return sendBoom(res, 400, 'mode must be wrapped or bare');
    if (status !== undefined && status !== 0 && status !== 200) {
      return sendBoom(res, 400, 'status must be 0 or 200');
    }
    control.setEnvelope(mode, status);
    res.json(OK);
  });

  router.post('/callback-style', (req, res) => {
    const { style } = isObject(req.body) ? req.body : {};
    if (!CALLBACK_STYLES.includes(style as CallbackStyle)) {
      return sendBoom(res, 400, `style must be one of ${CALLBACK_STYLES.join(', ')}`);
    }
    control.setCallbackStyle(style as CallbackStyle);
    res.json(OK);
  });

  router.post('/token-answer', (req, res) => {
    const answer = parseTokenAnswer(req.body);
    if (typeof answer === 'string') return sendBoom(res, 400, answer);
    control.setTokenAnswer(answer);
    res.json(OK);
  });

  router.post('/codes', (req, res) => {
    const { investorId, clientId } = isObject(req.body) ? req.body : {};
    if (typeof investorId !== 'string') return sendBoom(res, 400, 'investorId must be a string');
    if (clientId !== undefined && typeof clientId !== 'string') {
      return sendBoom(res, 400, 'clientId must be a string');
    }
    try {
      res.json({ code: control.issueCode(investorId, clientId) });
    } catch (err) {
      sendBoom(res, 400, (err as Error).message);
    }
  });

  return router;
}
