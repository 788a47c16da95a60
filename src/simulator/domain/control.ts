import type { SimulatorState } from '../state';
import { domainEntries, externalIdFor, withKycStatus } from './investors';
import type { DomainSide } from './side';
import { KYC_UPDATE } from './subscriptions';
import { parseSendSpec } from './parse';
import type { DomainControl, KycChange } from './types';

/** The seven documented statuses, and any other lower-case word (a status the BFF does not know yet). */
export const KYC_STATUS = /^[a-z][a-z0-9-]{0,63}$/;

export class ControlInputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

/** Changes the status at once; the deliveries it starts finish when `done` settles. */
export function startKycChange(
  state: SimulatorState,
  side: DomainSide,
  investorId: string,
  status: string,
): { change: KycChange; done: Promise<void> } {
  if (!KYC_STATUS.test(status))
    throw new ControlInputError('status must be a lower-case KYC status word', 400);
  const investor = state.investors.find(investorId);
  if (!investor) throw new ControlInputError(`unknown investorId ${investorId}`, 404);
  state.investors.put(withKycStatus(investor, status, new Date(state.options.now()).toISOString()));
  const externalId = externalIdFor(side.options.domainId, investorId);
  const { records, done } = side.start({ eventType: KYC_UPDATE, body: { externalId } });
  return { change: { investorId, externalId, status, deliveries: records }, done };
}

export function createDomainControl(state: SimulatorState, side: DomainSide): DomainControl {
  const { domainId } = side.options;
  return {
    domainInvestors: () => domainEntries(state.investors, domainId),
    externalIdOf(investorId) {
      if (!state.investors.find(investorId)) throw new Error(`unknown investorId ${investorId}`);
      return externalIdFor(domainId, investorId);
    },
    async setKycStatus(investorId, status) {
      const { change, done } = startKycChange(state, side, investorId, status);
      await done;
      return structuredClone(change);
    },
    webhookSubscriptions: () => side.subscriptions.list(),
    subscribeWebhook(subscription) {
      const created = side.subscribe({ eventType: KYC_UPDATE, ...subscription });
      if ('status' in created) throw new TypeError([created.message].flat().join('; '));
      return created;
    },
    webhookDeliveries: () => side.deliveries.list(),
    async sendWebhook(input) {
      const spec = parseSendSpec(input);
      if (typeof spec === 'string') throw new TypeError(spec);
      const { records, done } = side.start(spec);
      await done;
      return structuredClone(records);
    },
    webhookPublicKey: () => side.keys.publicKeyPem(),
  };
}
