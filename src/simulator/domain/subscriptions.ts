import { randomUUID } from 'node:crypto';
import type { WebhookSubscription } from './types';

/** Event types and their properties, as Securitize's issuer-support article names them. */
export const WEBHOOK_EVENTS: ReadonlyArray<{ eventType: string; properties: readonly string[] }> = [
  { eventType: 'domain-investor-kyc-update', properties: ['domainId', 'externalId'] },
  {
    eventType: 'domain-investor-subscription-agreement-update',
    properties: ['domainId', 'tokenId', 'roundId', 'externalId'],
  },
  { eventType: 'health-check', properties: ['externalId'] },
];

export const KYC_UPDATE = 'domain-investor-kyc-update';

export type SubscriptionFields = Pick<
  WebhookSubscription,
  'domainId' | 'eventType' | 'payloadUrl' | 'isActive'
>;

/** More than any test needs, few enough that a runaway client cannot grow the process. */
const MAX_SUBSCRIPTIONS = 100;

export type SubscriptionStore = ReturnType<typeof createSubscriptionStore>;

export function createSubscriptionStore(now: () => number) {
  const byId = new Map<string, WebhookSubscription>();
  const stamp = () => new Date(now()).toISOString();

  return {
    list: (): WebhookSubscription[] => [...byId.values()].map((s) => ({ ...s })),
    get: (id: string): WebhookSubscription | undefined => {
      const found = byId.get(id);
      return found && { ...found };
    },
    /** Undefined when full. */
    create(fields: SubscriptionFields): WebhookSubscription | undefined {
      if (byId.size >= MAX_SUBSCRIPTIONS) return undefined;
      const at = stamp();
      const subscription = { id: randomUUID(), ...fields, nonce: 0, createdAt: at, updatedAt: at };
      byId.set(subscription.id, subscription);
      return { ...subscription };
    },
    update(id: string, patch: Partial<SubscriptionFields>): WebhookSubscription | undefined {
      const found = byId.get(id);
      if (!found) return undefined;
      Object.assign(found, patch, { updatedAt: stamp() });
      return { ...found };
    },
    remove(id: string): WebhookSubscription | undefined {
      const found = byId.get(id);
      byId.delete(id);
      return found;
    },
    /** The active subscriptions for an event in a domain, each with its nonce moved on for this event. */
    takeTargets(eventType: string, domainId: string): WebhookSubscription[] {
      return [...byId.values()]
        .filter((s) => s.isActive && s.eventType === eventType && s.domainId === domainId)
        .map((s) => {
          s.nonce += 1;
          return { ...s };
        });
    },
    clear: () => byId.clear(),
  };
}
