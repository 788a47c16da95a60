/**
 * Securitize's Domain API, played by the simulator (a separate product from the Connect API; its own `apiKey`).
 *
 * On the API (`Authorization: apiKey <key>`; anything else gets a plain-text 401 `Unauthorized`):
 * - GET /v1/domains/{domainId}/investors/{externalId}: the domain investor, bare, with `securitizeIdProfileId`
 *   (the Securitize iD investorId); unknown externalId or another domain: 404 `{statusCode, message, error}`.
 * - GET /v1/webhooks/events; GET|POST /v1/webhooks/subscriptions (`{domainId?, eventType, payloadUrl, isActive?}`);
 *   GET|PATCH|DELETE /v1/webhooks/subscriptions/{id}; POST /v1/webhooks/settings/signature → 201 `{publicKey}` (PEM).
 *
 * Controls (no authentication, like every /__control route), each also on SimulatorControl:
 * - GET /__control/domain-investors (domainInvestors(), externalIdOf(investorId));
 * - POST /__control/investors/:investorId/kyc-status `{status}` (setKycStatus): the new status everywhere, then a
 *   signed `domain-investor-kyc-update` to each active subscription for it;
 * - POST /__control/webhooks/send `{eventType, body?, shape?, signature?, payloadUrl?}` (sendWebhook);
 * - GET /__control/webhooks/deliveries (webhookDeliveries()), GET /__control/webhooks/subscriptions
 *   (webhookSubscriptions()), GET /__control/webhooks/public-key (webhookPublicKey());
 * the two POSTs answer once the deliveries are done, or at once with `?wait=false`. reset() forgets subscriptions and
 * deliveries and keeps the key. Options: SimulatorOptions.domainApi (types.ts); `npm run simulator`: env.ts.
 */
export { createDomainControl } from './control';
export { domainOptionsFromEnv } from './env';
export { externalIdFor } from './investors';
export { DEV_DOMAIN, resolveDomainOptions, type ResolvedDomainOptions } from './options';
export { createDomainSide, type DomainSide } from './side';
export { signWebhookBody } from './signing';
export type * from './types';
