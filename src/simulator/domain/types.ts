// Securitize's Domain API and its webhooks, as the simulator plays them. What is documented and what is assumed is
// said where each piece is implemented (routes/domain-api.ts, routes/webhooks.ts, domain/deliveries.ts).

export type WebhookKeyType = 'rsa' | 'ec';
export type SignatureEncoding = 'base64' | 'hex';

/** The Domain API side of a simulator: one issuer domain, its API key, and how webhook deliveries are signed and sent. */
export interface DomainApiOptions {
  /** The simulated issuer domain. Default DEV_DOMAIN.domainId. */
  domainId?: string;
  /** What `Authorization: apiKey <key>` must carry (Securitize issues `<keyId>:<keySecret>`). Default DEV_DOMAIN.apiKey. */
  apiKey?: string;
  /** The kind of key pair made on first use: RSA 2048 (PKCS#1 v1.5 signatures) or EC P-256 (DER ECDSA). Default 'rsa'. */
  webhookKeyType?: WebhookKeyType;
  /** A PEM private key (RSA or EC) to sign with instead of a fresh one; its kind must match webhookKeyType when both are set. */
  webhookPrivateKey?: string;
  /** The header a delivery's signature travels in. Default 'x-securitize-signature'. */
  signatureHeader?: string;
  /** Default 'base64'. */
  signatureEncoding?: SignatureEncoding;
  /** Per attempt. Default 2000. */
  deliveryTimeoutMs?: number;
  /** Tries per delivery, retried only after a 5xx, a timeout or a network error. Default 3. */
  deliveryAttempts?: number;
  /** Wait before try n+1 is n times this. Default 200. */
  deliveryRetryDelayMs?: number;
}

/** A subscription in the Domain API's own field names: one event type per subscription. */
export interface WebhookSubscription {
  id: string;
  domainId: string;
  eventType: string;
  payloadUrl: string;
  isActive: boolean;
  /** Counts this subscription's events; each delivery carries the value it was sent with (assumed meaning). */
  nonce: number;
  createdAt: string;
  updatedAt: string;
}

export type WebhookShape = 'top' | 'data' | 'payload';
export type WebhookSignatureMode = 'valid' | 'invalid' | 'none';

export interface WebhookDelivery {
  id: string;
  eventType: string;
  payloadUrl: string;
  /** null when sent by sendWebhook to a payloadUrl of the caller's choosing. */
  subscriptionId: string | null;
  /** The exact bytes sent (the signed text). */
  body: string;
  signature: WebhookSignatureMode;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** The HTTP status of each attempt, null for one that got none (timeout, refused, reset). */
  responses: Array<number | null>;
  /** The last network failure's code (ETIMEDOUT, ECONNREFUSED, …), when there was one. */
  error?: string;
  createdAt: string;
  completedAt?: string;
}

export interface DomainInvestorEntry {
  investorId: string;
  domainId: string;
  externalId: string;
  kycStatus: string;
}

export interface WebhookSendSpec {
  eventType: string;
  /** Event properties (merged over `domainId`), or a string sent as it is (then `shape` is ignored). */
  body?: Record<string, unknown> | string;
  /** Where the properties go: at the top level (default), or under `data` or `payload`. */
  shape?: WebhookShape;
  /** Default 'valid'. 'invalid' signs other bytes; 'none' leaves the header out. */
  signature?: WebhookSignatureMode;
  /** Send here instead of to the active subscriptions for eventType. */
  payloadUrl?: string;
}

export interface KycChange {
  investorId: string;
  externalId: string;
  status: string;
  deliveries: WebhookDelivery[];
}

export interface DomainControl {
  /** Every investor the simulator knows, with the externalId it has in the domain. */
  domainInvestors(): DomainInvestorEntry[];
  externalIdOf(investorId: string): string;
  /**
   * Sets the investor's KYC status (profile, verification, domain investor) and sends `domain-investor-kyc-update`
   * to every active subscription for it, also when the status is unchanged; resolves once every delivery is done.
   */
  setKycStatus(investorId: string, status: string): Promise<KycChange>;
  webhookSubscriptions(): WebhookSubscription[];
  /** As POST /v1/webhooks/subscriptions does; eventType defaults to `domain-investor-kyc-update`. Throws on bad input. */
  subscribeWebhook(
    subscription: Partial<Pick<WebhookSubscription, 'domainId' | 'eventType' | 'isActive'>> & {
      payloadUrl: string;
    },
  ): WebhookSubscription;
  webhookDeliveries(): WebhookDelivery[];
  /** Resolves once every delivery is done. */
  sendWebhook(spec: WebhookSendSpec): Promise<WebhookDelivery[]>;
  /** PEM (SPKI) of the key deliveries are signed with, as POST /v1/webhooks/settings/signature answers it. */
  webhookPublicKey(): string;
}
