import express, { Router, type Request, type Response } from 'express';
import { ControlInputError, startKycChange } from '../domain/control';
import { domainEntries } from '../domain/investors';
import { parseSendSpec } from '../domain/parse';
import type { DomainSide } from '../domain/side';
import type { WebhookDelivery } from '../domain/types';
import { sendBoom } from '../http/boom';
import { isObject } from '../http/parse-fault';
import type { SimulatorState } from '../state';

/** `?wait=false` answers once the deliveries are started; by default once they are delivered or failed. */
async function answer<T>(req: Request, res: Response, body: T, done: Promise<void>): Promise<void> {
  if (req.query.wait !== 'false') await done;
  res.json(structuredClone(body));
}

/**
 * The Domain API's controls over HTTP (see control.ts for the whole surface): the domain investors, a KYC status change
 * that sends its webhook, arbitrary deliveries, and what was delivered.
 */
export function createDomainControlRouter(state: SimulatorState, side: DomainSide): Router {
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/domain-investors', (_req, res) => {
    res.json(domainEntries(state.investors, side.options.domainId));
  });

  router.post('/investors/:investorId/kyc-status', async (req, res) => {
    const status: unknown = isObject(req.body) ? req.body.status : undefined;
    if (typeof status !== 'string') return sendBoom(res, 400, 'status must be a string');
    try {
      const { change, done } = startKycChange(state, side, req.params.investorId, status);
      await answer(req, res, change, done);
    } catch (err) {
      if (!(err instanceof ControlInputError)) throw err;
      sendBoom(res, err.status, err.message);
    }
  });

  router.post('/webhooks/send', async (req, res) => {
    const spec = parseSendSpec(req.body);
    if (typeof spec === 'string') return sendBoom(res, 400, spec);
    const { records, done } = side.start(spec);
    await answer<{ deliveries: WebhookDelivery[] }>(req, res, { deliveries: records }, done);
  });

  router.get('/webhooks/deliveries', (_req, res) => void res.json(side.deliveries.list()));
  router.get('/webhooks/subscriptions', (_req, res) => void res.json(side.subscriptions.list()));
  router.get('/webhooks/public-key', (_req, res) => void res.json({ publicKey: side.keys.publicKeyPem() }));

  return router;
}
