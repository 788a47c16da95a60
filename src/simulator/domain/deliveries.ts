import { randomUUID } from 'node:crypto';
import type { ResolvedDomainOptions } from './options';
import { postOnce } from './post';
import { signWebhookBody, type WebhookKeys } from './signing';
import type { WebhookDelivery, WebhookSignatureMode } from './types';

/** Enough history for any test; the oldest go first. */
const MAX_DELIVERIES = 1000;

export interface DeliveryRequest {
  eventType: string;
  payloadUrl: string;
  subscriptionId: string | null;
  body: string;
  signature: WebhookSignatureMode;
}

export type DeliveryLog = ReturnType<typeof createDeliveryLog>;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends and records deliveries. Assumed, as Securitize documents no retry policy: one try, then up to
 * deliveryAttempts in all after a 5xx, a timeout or a network error, waiting n × deliveryRetryDelayMs before try n+1;
 * any 2xx is delivered, any other status fails at once.
 */
export function createDeliveryLog(options: ResolvedDomainOptions, keys: WebhookKeys, now: () => number) {
  let records: WebhookDelivery[] = [];
  const stamp = () => new Date(now()).toISOString();

  function headersFor(request: DeliveryRequest): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'securitize-id-simulator-webhooks',
    };
    if (request.signature === 'none') return headers;
    // 'invalid': a well-formed signature, by the right key, over other bytes.
    const signed = request.signature === 'valid' ? request.body : `${request.body} `;
    headers[options.signatureHeader] = signWebhookBody(signed, keys.privateKey(), options.signatureEncoding);
    return headers;
  }

  async function run(record: WebhookDelivery, headers: Record<string, string>): Promise<void> {
    const url = new URL(record.payloadUrl);
    while (record.attempts < options.deliveryAttempts) {
      if (record.attempts > 0) await wait(record.attempts * options.deliveryRetryDelayMs);
      record.attempts += 1;
      const outcome = await postOnce(url, record.body, headers, options.deliveryTimeoutMs);
      const status = 'status' in outcome ? outcome.status : null;
      record.responses.push(status);
      if ('error' in outcome) record.error = outcome.error;
      if (status !== null && status < 500) {
        record.status = status >= 200 && status < 300 ? 'delivered' : 'failed';
        break;
      }
    }
    if (record.status === 'pending') record.status = 'failed';
    record.completedAt = stamp();
  }

  return {
    /** Starts the delivery; the record is listed at once and `done` settles when it is delivered or failed. */
    start(request: DeliveryRequest): { record: WebhookDelivery; done: Promise<void> } {
      const headers = headersFor(request);
      const record: WebhookDelivery = {
        id: randomUUID(),
        ...request,
        status: 'pending',
        attempts: 0,
        responses: [],
        createdAt: stamp(),
      };
      records.push(record);
      if (records.length > MAX_DELIVERIES) records = records.slice(-MAX_DELIVERIES);
      return { record, done: run(record, headers) };
    },
    list: (): WebhookDelivery[] => structuredClone(records),
    /** In-flight deliveries finish into the forgotten list. */
    clear() {
      records = [];
    },
  };
}
