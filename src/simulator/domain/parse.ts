import { isObject } from '../http/parse-fault';
import { KYC_UPDATE, WEBHOOK_EVENTS, type SubscriptionFields } from './subscriptions';
import type { WebhookSendSpec, WebhookShape, WebhookSignatureMode } from './types';

const EVENT_TYPES = WEBHOOK_EVENTS.map((e) => e.eventType);
const SHAPES: readonly WebhookShape[] = ['top', 'data', 'payload'];
const SIGNATURES: readonly WebhookSignatureMode[] = ['valid', 'invalid', 'none'];
const SUBSCRIPTION_KEYS = ['domainId', 'eventType', 'payloadUrl', 'isActive'];

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A subscription body in the Domain API's field names, with messages in the style of NestJS's class-validator (a list
 * of sentences; unknown properties refused, as a whitelisting ValidationPipe does). `partial` for PATCH. domainId
 * may be left out (the caller then means the key's own domain): an assumption, the Domain API's OpenAPI lists it.
 */
export function parseSubscription(body: unknown, partial: boolean): Partial<SubscriptionFields> | string[] {
  if (!isObject(body)) return ['body must be a JSON object'];
  const problems = Object.keys(body)
    .filter((k) => !SUBSCRIPTION_KEYS.includes(k))
    .map((k) => `property ${k} should not exist`);
  const { domainId, eventType, payloadUrl, isActive } = body;
  if (domainId !== undefined && (typeof domainId !== 'string' || domainId === ''))
    problems.push('domainId must be a string');
  if ((!partial || eventType !== undefined) && !EVENT_TYPES.includes(eventType as string))
    problems.push(`eventType must be one of the following values: ${EVENT_TYPES.join(', ')}`);
  if ((!partial || payloadUrl !== undefined) && !isHttpUrl(payloadUrl))
    problems.push('payloadUrl must be a URL address');
  if (isActive !== undefined && typeof isActive !== 'boolean')
    problems.push('isActive must be a boolean value');
  if (problems.length > 0) return problems;
  const fields: Partial<SubscriptionFields> = {};
  if (domainId !== undefined) fields.domainId = domainId as string;
  if (eventType !== undefined) fields.eventType = eventType as string;
  if (payloadUrl !== undefined) fields.payloadUrl = payloadUrl as string;
  if (isActive !== undefined) fields.isActive = isActive as boolean;
  return fields;
}

/** The send control's body; any event type (unknown ones too), so receivers can be tested against them. */
export function parseSendSpec(body: unknown): WebhookSendSpec | string {
  if (!isObject(body)) return 'body must be an object';
  const unknownKey = Object.keys(body).find(
    (k) => !['eventType', 'body', 'shape', 'signature', 'payloadUrl'].includes(k),
  );
  if (unknownKey !== undefined) return `${unknownKey} is not a send setting`;
  const { eventType = KYC_UPDATE, body: event, shape, signature, payloadUrl } = body;
  if (typeof eventType !== 'string' || eventType === '' || eventType.length > 200)
    return 'eventType must be a non-empty string';
  if (event !== undefined && typeof event !== 'string' && !isObject(event))
    return 'body must be an object of event properties or a string';
  if (shape !== undefined && !SHAPES.includes(shape as WebhookShape))
    return `shape must be one of ${SHAPES.join(', ')}`;
  if (signature !== undefined && !SIGNATURES.includes(signature as WebhookSignatureMode))
    return `signature must be one of ${SIGNATURES.join(', ')}`;
  if (payloadUrl !== undefined && !isHttpUrl(payloadUrl)) return 'payloadUrl must be an http(s) URL';
  return {
    eventType,
    ...(event !== undefined && { body: event }),
    ...(shape !== undefined && { shape: shape as WebhookShape }),
    ...(signature !== undefined && { signature: signature as WebhookSignatureMode }),
    ...(payloadUrl !== undefined && { payloadUrl }),
  };
}
