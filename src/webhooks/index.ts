/** Securitize's KYC webhooks: POST /webhooks/securitize/<token> on the public port. */
import type { Tracer } from '@opentelemetry/api';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { WebhooksConfig } from '../config';
import type { Metrics } from '../metrics';
import { createDomainApi, DomainApi } from '../securitize';
import { createDeliveryStore, createDomainMapStore, RedisClient } from '../store';
import { createDropCoalescer } from './drop-coalescer';
import { createInvestorMap } from './investor-map';
import type { AuditPort, FreshnessPort, RefusalKind } from './ports';
import { createWebhookRoute } from './route';

export type { AuditPort, FreshnessPort, RefusalKind } from './ports';
export { readDelivery, KYC_UPDATE } from './event';

export interface WebhooksDeps {
  config: WebhooksConfig;
  redis: RedisClient;
  /** Dropping and rechecking an investor's facts (the vouching feature's; app.ts hands it over). */
  freshness: FreshnessPort;
  logger: Logger;
  metrics: Metrics;
  tracer?: Tracer;
  /** The Domain API (tests hand a double); by default one for config.domainApi. */
  domainApi?: Pick<DomainApi, 'investor'>;
  /** The audit trail, when there is one: each delivery read (never a refused one). */
  audit?: AuditPort;
  /**
   * Each delivery refused before it was read (a wrong path token, a bad signature): the product's
   * one count of refused requests, logged at a bounded rate and never an audit event.
   */
  refuse: (kind: RefusalKind, detail?: string) => void;
}

/** The webhook receiver, wired: the Domain API mapping over its cache, the refusals, the route. */
export function createWebhooks(deps: WebhooksDeps): Router {
  const { config, metrics } = deps;
  const api =
    deps.domainApi ??
    createDomainApi({
      baseUrl: config.domainApi.url,
      apiKey: config.domainApi.apiKey,
      observe: metrics.upstream,
      tracer: deps.tracer,
    });
  const drops = createDropCoalescer({
    run: async (investorId) => {
      await deps.freshness.drop(investorId, 'webhook');
      deps.freshness.recheck(investorId);
    },
    onError: (err) =>
      deps.logger.warn(
        { event: 'webhook_drop_failed', cause: (err as { code?: string })?.code ?? (err as Error)?.name },
        'a coalesced drop after a webhook failed',
      ),
  });
  return createWebhookRoute({
    config,
    investorOf: createInvestorMap({ store: createDomainMapStore(deps.redis), api }),
    deliveries: createDeliveryStore(deps.redis),
    drops,
    freshness: deps.freshness,
    refuse: deps.refuse,
    logger: deps.logger,
    metrics,
    audit: deps.audit,
  });
}
