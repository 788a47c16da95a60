import { createHash } from 'node:crypto';
import bodyParser from 'body-parser';
import type { Request, RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { WebhooksConfig } from '../config';
import { AppError } from '../errors';
import { newRouter, noStore, strictCsp } from '../http';
import type { Metrics } from '../metrics';
import { isExternalId, isSecuritizeError } from '../securitize';
import type { DeliveryStore } from '../store';
import { carriesNonce, Delivery, eventLabel, readDelivery } from './event';
import { LOOKUP_RATE_REASON } from './investor-map';
import { createSignatureCheck } from './signature';
import type { AuditPort, FreshnessPort, RefusalKind } from './ports';
import { tokenMatcher } from './token';

export interface WebhookRouteDeps {
  config: WebhooksConfig;
  investorOf: (domainId: string, externalId: string) => Promise<string | null>;
  /** Deliveries already taken (by body): a replay is a duplicate. */
  deliveries: Pick<DeliveryStore, 'claim' | 'release'>;
  /** The drop, at most once a second per investor (createDropCoalescer over freshness). */
  drops: { request(investorId: string): Promise<'dropped' | 'coalesced'> };
  freshness: FreshnessPort;
  refuse: (kind: RefusalKind, detail?: string) => void;
  logger: Logger;
  metrics: Pick<Metrics, 'webhook' | 'webhookSignature'>;
  audit?: AuditPort;
}

/** The Domain API could not say who the investor is: Securitize should deliver again later. */
function unavailable(err: unknown): unknown {
  if (!isSecuritizeError(err)) return err;
  return new AppError('securitize_unavailable', {
    status: 503,
    retryAfterSeconds: err.retryAfterSeconds ?? 30,
    detail: { endpoint: err.detail.endpoint, outcome: err.outcome, upstreamStatus: err.upstreamStatus },
  });
}

export const WEBHOOK_MOUNT = '/webhooks/securitize';
const MAX_BYTES = 16 * 1024;
/** How long a delivery's body is remembered: the same body again within it is a duplicate. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
const REPORT_EVERY_MS = 10_000;

/**
 * POST /webhooks/securitize/<token>: server to server, so no session, CSRF or Origin check; the
 * path token (compared in constant time, a wrong or missing one answers the 404 of any unknown
 * path), then the body (16 KB at most), then the signature (with a key), then the event. Answers
 * 200 `{received: true}` as soon as the caches are dropped; the recheck runs after the answer.
 */
export function createWebhookRoute(deps: WebhookRouteDeps): Router {
  const { config, logger, metrics } = deps;
  const matches = tokenMatcher(config.token);
  const check = config.publicKey
    ? createSignatureCheck({ key: config.publicKey, encoding: config.signatureEncoding })
    : undefined;

  const token: RequestHandler = (req, _res, next) => {
    // Everything under the mount: `/<token>` and nothing more, by POST; the rest is an unknown path.
    const presented = req.path.slice(1);
    if (req.method !== 'POST') return next('router');
    if (presented === '' || presented.includes('/') || !matches(presented)) {
      deps.refuse('webhook_token');
      throw new AppError('not_found');
    }
    next();
  };

  let reported = 0;
  let reportedAt = 0;
  const signature = (req: Request, raw: Buffer) => {
    if (!check) return;
    const result = check(raw, req.headers[config.signatureHeader!]);
    metrics.webhookSignature(result);
    if (result === 'valid') return;
    if (config.signatureMode === 'enforce') {
      deps.refuse('webhook_signature', result);
      throw new AppError('signature_invalid', { detail: { reason: `signature_${result}` } });
    }
    // At most a line every ten seconds, with how many it stands for: the metric counts each one.
    reported += 1;
    if (Date.now() - reportedAt < REPORT_EVERY_MS) return;
    logger.warn(
      { event: 'webhook_signature', result, mode: 'report', deliveries: reported },
      'webhook signature not valid',
    );
    reportedAt = Date.now();
    reported = 0;
  };

  const outcome = (eventType: string, result: string, investorId?: string) => {
    metrics.webhook(eventLabel(eventType), result);
    deps.audit?.record({
      type: 'webhook_received',
      eventType: eventLabel(eventType),
      outcome: result,
      investorId,
    });
  };

  // A body announced past the limit is refused before a byte of it is read, and the connection
  // closed: nobody waits for the body a lying Content-Length promises. (Chunked: counted as read.)
  const announced: RequestHandler = (req, res, next) => {
    if (Number(req.headers['content-length'] ?? 0) <= MAX_BYTES) return next();
    res.set('Connection', 'close');
    throw new AppError('payload_too_large');
  };

  /** The deliveries of another domain than the pinned one (SECURITIZE_DOMAIN_ID) are not ours. */
  const foreign = (domainId: string) => config.domainId !== undefined && domainId !== config.domainId;

  const handle: RequestHandler = async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    signature(req, raw);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('invalid_json');
    }
    const d = readDelivery(body);
    const digest = carriesNonce(body) ? createHash('sha256').update(raw).digest('base64url') : undefined;
    if (digest !== undefined && !(await deps.deliveries.claim(digest, DUPLICATE_WINDOW_MS))) {
      metrics.webhook(eventLabel(d.eventType), 'duplicate');
      res.status(200).json({ received: true });
      return;
    }
    try {
      await act(req, d);
    } catch (err) {
      // Not acted on: when Securitize sends it again, it is not a duplicate.
      if (digest !== undefined) await deps.deliveries.release(digest).catch(() => undefined);
      throw err;
    }
    res.status(200).json({ received: true });
  };

  /** Not acted on: another event, or ids outside the safe set (malformed), or another domain. */
  const setAside = (d: Delivery): string | undefined => {
    if (d.kind !== 'kyc') return d.kind === 'other' ? 'ignored' : 'malformed';
    if (!isExternalId(d.domainId) || !isExternalId(d.externalId)) return 'malformed';
    return foreign(d.domainId) ? 'ignored' : undefined;
  };

  const act = async (req: Request, d: Delivery) => {
    const result = setAside(d);
    if (result !== undefined) {
      req.log.info(
        {
          event: 'webhook_received',
          eventType: eventLabel(d.eventType),
          outcome: result,
          keys: d.kind === 'kyc' ? undefined : d.keys,
        },
        'webhook',
      );
      outcome(d.eventType, result);
    } else if (d.kind === 'kyc') {
      const investorId = await deps.investorOf(d.domainId, d.externalId).catch((err: unknown) => {
        const limited = (err as AppError)?.detail?.reason === LOOKUP_RATE_REASON;
        outcome(d.eventType, limited ? 'rate_limited' : 'unavailable');
        throw unavailable(err);
      });
      if (investorId === null) {
        req.log.info({ event: 'webhook_received', eventType: d.eventType, outcome: 'unmapped' }, 'webhook');
        outcome(d.eventType, 'unmapped');
      } else {
        const result = await deps.drops.request(investorId);
        req.log.info({ event: 'webhook_received', eventType: d.eventType, outcome: result }, 'webhook');
        outcome(d.eventType, result, investorId);
      }
    }
  };

  const r = newRouter();
  r.use(
    WEBHOOK_MOUNT,
    noStore,
    strictCsp,
    token,
    announced,
    // Any content type: what Securitize sends is not documented. Past 16 KB: 413.
    bodyParser.raw({ type: () => true, limit: MAX_BYTES }),
    handle,
  );
  return r;
}
