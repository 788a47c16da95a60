import express, { Router, type Request, type Response } from 'express';
import { ControlInputError, startKycChange } from '../domain/control';
import { domainEntries } from '../domain/investors';
import { renderKycPage } from '../domain/kyc-page';
import { parseSendSpec } from '../domain/parse';
import type { DomainSide } from '../domain/side';
import type { WebhookDelivery } from '../domain/types';
import { sendBoom } from '../http/boom';
import { isObject } from '../http/parse-fault';
import { field, sendHtml } from '../login/request';
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

  /** The change started, or undefined when its input was refused (and answered). */
  function startOrRefuse(res: Response, investorId: string, status: string) {
    try {
      return startKycChange(state, side, investorId, status);
    } catch (err) {
      if (!(err instanceof ControlInputError)) throw err;
      sendBoom(res, err.status, err.message);
      return undefined;
    }
  }

  router.post('/investors/:investorId/kyc-status', async (req, res) => {
    const status: unknown = isObject(req.body) ? req.body.status : undefined;
    if (typeof status !== 'string') return sendBoom(res, 400, 'status must be a string');
    const started = startOrRefuse(res, req.params.investorId, status);
    if (started) await answer(req, res, started.change, started.done);
  });

  router.post('/webhooks/send', async (req, res) => {
    const spec = parseSendSpec(req.body);
    if (typeof spec === 'string') return sendBoom(res, 400, spec);
    const { records, done } = side.start(spec);
    await answer<{ deliveries: WebhookDelivery[] }>(req, res, { deliveries: records }, done);
  });

  // The same change for people: a page with a form per investor (the demo uses it).
  router.get('/kyc', (_req, res) => {
    const entries = domainEntries(state.investors, side.options.domainId).map((e) => ({
      ...e,
      fullName: state.investors.find(e.investorId)?.profile.fullName ?? '',
    }));
    sendHtml(res, 200, renderKycPage(entries, side.subscriptions.list(), side.deliveries.list()));
  });

  router.post('/kyc', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const started = startOrRefuse(res, field(req.body, 'investorId'), field(req.body, 'status'));
    if (!started) return;
    await started.done;
    res.redirect(303, '/__control/kyc');
  });

  router.get('/webhooks/deliveries', (_req, res) => void res.json(side.deliveries.list()));
  router.get('/webhooks/subscriptions', (_req, res) => void res.json(side.subscriptions.list()));
  router.get('/webhooks/public-key', (_req, res) => void res.json({ publicKey: side.keys.publicKeyPem() }));

  return router;
}
