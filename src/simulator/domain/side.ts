import { createDeliveryLog } from './deliveries';
import type { ResolvedDomainOptions } from './options';
import { createWebhookKeys } from './signing';
import { parseSubscription } from './parse';
import { createSubscriptionStore, type SubscriptionFields } from './subscriptions';
import type { WebhookDelivery, WebhookSendSpec, WebhookSubscription } from './types';

export type DomainSide = ReturnType<typeof createDomainSide>;

interface Target {
  payloadUrl: string;
  subscriptionId: string | null;
  nonce: number;
}

/**
 * The body of one delivery. The documented properties (`domainId`, `externalId`, …) with the delivery's `eventType`,
 * `subscriptionId` and `nonce` (named by a write-up, not by Securitize) at the top level; or, for the shapes a
 * receiver should also read, the event's properties under `data` or `payload` and the rest at the top.
 */
export function eventBody(spec: WebhookSendSpec, target: Target, domainId: string): string {
  if (typeof spec.body === 'string') return spec.body;
  const properties = { domainId, ...spec.body };
  const meta =
    target.subscriptionId === null
      ? { nonce: target.nonce }
      : { subscriptionId: target.subscriptionId, nonce: target.nonce };
  const shape = spec.shape ?? 'top';
  if (shape === 'top') return JSON.stringify({ eventType: spec.eventType, ...properties, ...meta });
  return JSON.stringify({ eventType: spec.eventType, ...meta, [shape]: properties });
}

/** Subscriptions, deliveries and the signing key of one simulator; reset() keeps the key. */
export function createDomainSide(options: ResolvedDomainOptions, now: () => number) {
  const keys = createWebhookKeys(options);
  const subscriptions = createSubscriptionStore(now);
  const deliveries = createDeliveryLog(options, keys, now);
  let directNonce = 0;

  function targetsOf(spec: WebhookSendSpec): Target[] {
    if (spec.payloadUrl !== undefined) {
      directNonce += 1;
      return [{ payloadUrl: spec.payloadUrl, subscriptionId: null, nonce: directNonce }];
    }
    return subscriptions
      .takeTargets(spec.eventType, options.domainId)
      .map((s) => ({ payloadUrl: s.payloadUrl, subscriptionId: s.id, nonce: s.nonce }));
  }

  return {
    options,
    keys,
    subscriptions,
    deliveries,
    /** POST /v1/webhooks/subscriptions: the new subscription, or the status and NestJS message to refuse with. */
    subscribe(body: unknown): WebhookSubscription | { status: 400 | 403; message: string | string[] } {
      const fields = parseSubscription(body, false);
      if (Array.isArray(fields)) return { status: 400, message: fields };
      const domainId = fields.domainId ?? options.domainId;
      if (domainId !== options.domainId) return { status: 403, message: 'Forbidden resource' };
      const created = subscriptions.create({ isActive: true, ...fields, domainId } as SubscriptionFields);
      return created ?? { status: 400, message: 'Too many subscriptions' };
    },
    /** Starts a delivery to every target at once: the live records, and a promise settled when all are done. */
    start(spec: WebhookSendSpec): { records: WebhookDelivery[]; done: Promise<void> } {
      const started = targetsOf(spec).map((target) =>
        deliveries.start({
          eventType: spec.eventType,
          payloadUrl: target.payloadUrl,
          subscriptionId: target.subscriptionId,
          body: eventBody(spec, target, options.domainId),
          signature: spec.signature ?? 'valid',
        }),
      );
      return {
        records: started.map((s) => s.record),
        done: Promise.all(started.map((s) => s.done)).then(() => undefined),
      };
    },
    reset() {
      subscriptions.clear();
      deliveries.clear();
      directNonce = 0;
    },
  };
}
