export { createSimulator } from './create-simulator';
export { DEV_DOMAIN, externalIdFor, signWebhookBody } from './domain';
export type {
  DomainApiOptions,
  DomainControl,
  DomainInvestorEntry,
  KycChange,
  SignatureEncoding,
  WebhookDelivery,
  WebhookKeyType,
  WebhookSendSpec,
  WebhookSubscription,
} from './domain';
export { DEV_CLIENT, GATEWAY_SEEDED, SEEDED } from './fixtures';
export type {
  CallbackStyle,
  ExpirationFormat,
  Fault,
  RecordedCall,
  Simulator,
  SimulatorClient,
  SimulatorControl,
  SimulatorOptions,
  SimulatorStats,
  TokenAnswerOptions,
} from './types';
