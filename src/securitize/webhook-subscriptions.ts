import { createUpstreamHttp } from './http';

export interface SubscriptionsAnswer {
  status: number;
  /** Each subscription's event, whether it is active, and its payloadUrl (a secret: never print it). */
  subscriptions?: { eventType: string; isActive: boolean; payloadUrl: string }[];
}

/**
 * The Domain API's webhook subscriptions (`GET /v1/webhooks/subscriptions`, `Authorization:
 * apiKey <keyId:keySecret>`): answers are the objects themselves, a list, or one under `data` or
 * `items` (the listing's shape is not published).
 */
export async function listWebhookSubscriptions(o: {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}): Promise<SubscriptionsAnswer> {
  const http = createUpstreamHttp({ baseUrl: o.baseUrl, timeoutMs: o.timeoutMs, maxBodyBytes: 1024 * 1024 });
  const res = await http({
    method: 'GET',
    path: '/v1/webhooks/subscriptions',
    headers: { authorization: `apiKey ${o.apiKey}`, accept: 'application/json' },
    endpoint: 'webhook_subscriptions',
  });
  if (res.status !== 200) return { status: res.status };
  const body = res.json as { data?: unknown; items?: unknown } | unknown[] | undefined;
  const list = Array.isArray(body) ? body : Array.isArray(body?.data) ? body.data : body?.items;
  if (!Array.isArray(list)) return { status: res.status, subscriptions: [] };
  return {
    status: res.status,
    subscriptions: list
      .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
      .map((s) => ({
        eventType: String(s.eventType ?? ''),
        isActive: s.isActive !== false,
        payloadUrl: String(s.payloadUrl ?? ''),
      })),
  };
}
