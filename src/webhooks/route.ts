import bodyParser from 'body-parser';
import type { Request, RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { WebhooksConfig } from '../config';
import { AppError } from '../errors';
import { newRouter, noStore, strictCsp } from '../http';
import type { Metrics } from '../metrics';
import { isSecuritizeError } from '../securitize';
import { eventLabel, readDelivery } from './event';
import { createSignatureCheck } from './signature';
import { tokenMatcher } from './token';

/** What a delivery about an investor's KYC does: drop what is cached, fetch again in the background. */
export interface FreshnessPort {
  drop(investorId: string, source: 'webhook'): Promise<void>;
  recheck(investorId: string): void;
}

/** Why a delivery was refused unread. */
export type RefusalKind = 'webhook_token' | 'webhook_signature';

export interface AuditPort {
  record(e: { type: 'webhook_received'; eventType: string; outcome: string; investorId?: string }): void;
}

export interface WebhookRouteDeps {
  config: WebhooksConfig;
  investorOf: (domainId: string, externalId: string) => Promise<string | null>;
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
const MAX_BODY = '16kb';
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
    if (d.kind !== 'kyc') {
      const result = d.kind === 'other' ? 'ignored' : 'malformed';
      req.log.info(
        { event: 'webhook_received', eventType: eventLabel(d.eventType), outcome: result, keys: d.keys },
        'webhook',
      );
      outcome(d.eventType, result);
    } else {
      const investorId = await deps.investorOf(d.domainId, d.externalId).catch((err: unknown) => {
        outcome(d.eventType, 'unavailable');
        throw unavailable(err);
      });
      if (investorId === null) {
        req.log.info({ event: 'webhook_received', eventType: d.eventType, outcome: 'unmapped' }, 'webhook');
        outcome(d.eventType, 'unmapped');
      } else {
        await deps.freshness.drop(investorId, 'webhook');
        deps.freshness.recheck(investorId);
        req.log.info({ event: 'webhook_received', eventType: d.eventType, outcome: 'dropped' }, 'webhook');
        outcome(d.eventType, 'dropped', investorId);
      }
    }
    res.status(200).json({ received: true });
  };

  const r = newRouter();
  r.use(
    WEBHOOK_MOUNT,
    noStore,
    strictCsp,
    token,
    // Any content type: what Securitize sends is not documented. Past 16 KB: 413, unread.
    bodyParser.raw({ type: () => true, limit: MAX_BODY }),
    handle,
  );
  return r;
}
