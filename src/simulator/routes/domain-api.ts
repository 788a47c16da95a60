import { Router } from 'express';
import { findByExternalId, domainInvestorOf } from '../domain/investors';
import type { DomainSide } from '../domain/side';
import { requireApiKey, sendNest } from '../http/domain-auth';
import type { SimulatorState } from '../state';
import { webhookRoutes } from './webhooks';

/**
 * Securitize's Domain API, the part the BFF meets: the investor lookup that joins a domain's `externalId` to the
 * Securitize iD investor (`securitizeIdProfileId`, the `investorId` of /v1/{clientId}/investor), and the webhook
 * management calls. Answers are bare DTOs, errors NestJS bodies; the key belongs to one domain, so another domain's
 * investors are answered like unknown ones (assumed: the real answer to a foreign domain is undocumented).
 */
export function createDomainApiRouter(state: SimulatorState, side: DomainSide): Router {
  const router = Router();
  const { domainId } = side.options;
  const auth = requireApiKey(() => side.options.apiKey);

  router.get('/v1/domains/:domainId/investors/:externalId', auth, (req, res) => {
    const investor =
      req.params.domainId === domainId
        ? findByExternalId(state.investors, domainId, String(req.params.externalId))
        : undefined;
    if (!investor) return sendNest(res, 404, 'Investor not found');
    res.json(domainInvestorOf(investor, domainId));
  });

  router.use('/v1/webhooks', auth, webhookRoutes(side));
  return router;
}
