import type { Tracer } from '@opentelemetry/api';
import { createCallSpan } from './call-span';
import { SecuritizeError } from './errors';
import { createUpstreamHttp } from './http';
import { INVESTOR_ID } from './token-answer';

export interface DomainApiOptions {
  /** https://public-api.securitize.io (production) or its sandbox twin. */
  baseUrl: string;
  /** `keyId:keySecret`, sent as `Authorization: apiKey <key>`. */
  apiKey: string;
  /** Short: a webhook delivery waits for it. */
  timeoutMs?: number;
  observe?: (endpoint: string, status: string, seconds: number) => void;
  tracer?: Tracer;
}

const ENDPOINT = 'domain.investor';
/**
 * The domain and investor ids a delivery may name, the only ones put into a Domain API path: 1 to
 * 128 of A-Z a-z 0-9 . _ : -, beginning with a letter or digit (so never `.` or `..`, which a URL
 * resolves to another path, and never a slash, percent sign or space). Anything else is
 * unmapped, without a call.
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const isExternalId = (id: string) => SAFE_ID.test(id);

const retryAfter = (v: string | undefined) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n <= 3600 ? n : undefined;
};

/**
 * Securitize's Domain API (a product of its own, with the issuer organisation's API key): here only
 * the join from a domain's own investor key (`externalId`, what webhooks name) to the Securitize iD
 * investor (`securitizeIdProfileId`). Answers are the bare DTO (no envelope); errors are
 * `{message, statusCode}`. 404 (or an id outside the safe set, never sent): unmapped, null. 401/403: the key is
 * refused (`forbidden`); 429, 5xx, a transport failure or an unreadable answer: `unavailable`.
 */
export function createDomainApi(o: DomainApiOptions) {
  const http = createUpstreamHttp({
    baseUrl: o.baseUrl,
    timeoutMs: o.timeoutMs ?? 3000,
    maxBodyBytes: 64 * 1024,
    observe: o.observe,
  });
  const span = createCallSpan(o.tracer);
  const authorization = `apiKey ${o.apiKey}`;

  async function investor(domainId: string, externalId: string): Promise<{ investorId: string } | null> {
    if (!isExternalId(domainId) || !isExternalId(externalId)) return null;
    const path = `/v1/domains/${encodeURIComponent(domainId)}/investors/${encodeURIComponent(externalId)}`;
    const res = await span(ENDPOINT, async (notes) => {
      const r = await http({ method: 'GET', path, headers: { authorization }, endpoint: ENDPOINT });
      notes.status(r.status);
      return r;
    });
    const detail = { endpoint: ENDPOINT, upstreamStatus: res.status };
    if (res.status === 404 || res.status === 400) return null;
    if (res.status === 401 || res.status === 403) throw new SecuritizeError('forbidden', detail);
    if (res.status !== 200)
      throw new SecuritizeError('unavailable', detail, retryAfter(res.headers['retry-after']));
    const body = res.json as { securitizeIdProfileId?: unknown } | undefined;
    if (!body || typeof body !== 'object')
      throw new SecuritizeError('unavailable', { ...detail, reason: 'not_json' });
    const id = body.securitizeIdProfileId;
    // A domain investor not (yet) linked to a Securitize iD profile: nobody to act for.
    if (id === undefined || id === null || id === '') return null;
    if (typeof id !== 'string' || !INVESTOR_ID.test(id))
      throw new SecuritizeError('unavailable', { ...detail, reason: 'bad_profile_id' });
    return { investorId: id };
  }

  return { investor };
}

export type DomainApi = ReturnType<typeof createDomainApi>;
