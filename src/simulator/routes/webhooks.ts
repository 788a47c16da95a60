import { Router } from 'express';
import { parseSubscription } from '../domain/parse';
import type { DomainSide } from '../domain/side';
import { WEBHOOK_EVENTS } from '../domain/subscriptions';
import { sendNest } from '../http/domain-auth';

/**
 * The Domain API's webhook management, in its documented paths and field names (one `eventType` per subscription,
 * `payloadUrl`, `isActive`, `domainId`). Status codes follow NestJS's defaults (201 for a POST); the list's and the
 * signature call's shapes beyond `publicKey` are assumed. Mounted behind the API key at /v1/webhooks.
 */
export function webhookRoutes(side: DomainSide): Router {
  const router = Router();
  const { subscriptions } = side;
  const notFound = 'Subscription not found';

  router.get('/events', (_req, res) => void res.json(WEBHOOK_EVENTS));

  router.get('/subscriptions', (_req, res) => void res.json(subscriptions.list()));

  router.post('/subscriptions', (req, res) => {
    const created = side.subscribe(req.body);
    if ('status' in created) return sendNest(res, created.status, created.message);
    res.status(201).json(created);
  });

  router.get('/subscriptions/:id', (req, res) => {
    const found = subscriptions.get(req.params.id);
    if (!found) return sendNest(res, 404, notFound);
    res.json(found);
  });

  router.patch('/subscriptions/:id', (req, res) => {
    const fields = parseSubscription(req.body, true);
    if (Array.isArray(fields)) return sendNest(res, 400, fields);
    if (fields.domainId !== undefined && fields.domainId !== side.options.domainId)
      return sendNest(res, 403, 'Forbidden resource');
    const updated = subscriptions.update(req.params.id, fields);
    if (!updated) return sendNest(res, 404, notFound);
    res.json(updated);
  });

  router.delete('/subscriptions/:id', (req, res) => {
    const removed = subscriptions.remove(req.params.id);
    if (!removed) return sendNest(res, 404, notFound);
    res.json(removed);
  });

  router.post('/settings/signature', (_req, res) => {
    res.status(201).json({ publicKey: side.keys.publicKeyPem() });
  });

  return router;
}
