import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics, in a registry of their own (no global default registry, so two apps in
 * one process — tests, library mode — never collide). Labels are closed sets: outcome codes,
 * endpoint names, reasons; never an id.
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'bff_' });
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name, help, labelNames, registers: [registry] });

  const logins = counter('bff_logins_total', 'Logins at /callback by outcome (success or error code).', [
    'outcome',
  ]);
  const exchanges = counter('bff_code_exchanges_total', 'Code exchanges with Securitize by outcome.', [
    'outcome',
  ]);
  const refreshes = counter('bff_token_refreshes_total', 'Token refreshes with Securitize by outcome.', [
    'outcome',
  ]);
  const lockWaits = counter('bff_refresh_lock_waits_total', 'Requests that waited for another refresh.');
  const lockWaitSeconds = new Histogram({
    name: 'bff_refresh_lock_wait_seconds',
    help: 'Time a request waited for another request’s refresh.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const upstream = new Histogram({
    name: 'bff_upstream_request_duration_seconds',
    help: 'Calls to Securitize by endpoint and status (or transport failure).',
    labelNames: ['endpoint', 'status'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const redisErrors = counter(
    'bff_redis_errors_total',
    'Requests that failed because Redis was unavailable.',
    ['op'],
  );
  const tokenAnswers = counter(
    'bff_token_answers_lenient_total',
    'Token answers read leniently or refused, by endpoint and what happened.',
    ['endpoint', 'outcome'],
  );
  const created = counter('bff_sessions_created_total', 'Sessions created by a login.');
  const ended = counter('bff_sessions_ended_total', 'Sessions ended, by reason.', ['reason']);
  const factsFetches = counter(
    'bff_kyc_facts_fetches_total',
    'Fetches of an investor’s KYC facts from Securitize, by outcome.',
    ['outcome'],
  );
  const decisions = counter(
    'bff_vouch_decisions_total',
    'Forward-auth and app-API proxy decisions, by where, rule (a rule path, default, none, or an apis prefix) and outcome (allowed or the error code).',
    ['via', 'rule', 'outcome'],
  );

  const traceExportProblems = counter(
    'bff_trace_export_problems_total',
    'Spans that could not be exported (export_failed) or were dropped on a full queue (spans_dropped).',
    ['kind'],
  );
  const auditFailures = counter(
    'bff_audit_write_failures_total',
    'Audit events that could not be appended to the Redis stream (their log line was written).',
  );
  const refused = counter(
    'bff_refused_total',
    'Requests refused before any authentication succeeded, by kind (admin_token, webhook_token, webhook_signature).',
    ['kind'],
  );
  const invalidations = counter(
    'bff_facts_invalidations_total',
    'Drops of an investor’s cached KYC facts and assertions, by source (admin, webhook; bus: one another instance asked for).',
    ['source'],
  );
  const webhooks = counter(
    'bff_webhooks_total',
    'Securitize webhook deliveries with a valid path token, by event (a known type or other) and outcome.',
    ['event', 'outcome'],
  );
  const signatures = counter(
    'bff_webhook_signature_total',
    'Webhook signature checks, by result (valid, invalid, missing).',
    ['result'],
  );
  const rechecks = counter(
    'bff_kyc_rechecks_total',
    'Fetches of an investor’s facts after a webhook, by outcome (fetched, ended, no_session, failed, shed).',
    ['outcome'],
  );

  return {
    registry,
    factsInvalidated: (source: string) => invalidations.inc({ source }),
    webhook: (event: string, outcome: string) => webhooks.inc({ event, outcome }),
    webhookSignature: (result: string) => signatures.inc({ result }),
    recheck: (outcome: string) => rechecks.inc({ outcome }),
    login: (outcome: string) => logins.inc({ outcome }),
    exchange: (outcome: string) => exchanges.inc({ outcome }),
    refresh: (outcome: string) => refreshes.inc({ outcome }),
    lockWait: (seconds: number) => {
      lockWaits.inc();
      lockWaitSeconds.observe(seconds);
    },
    upstream: (endpoint: string, status: string, seconds: number) =>
      upstream.observe({ endpoint, status }, seconds),
    redisError: (op: string) => redisErrors.inc({ op }),
    tokenAnswer: (endpoint: string, outcome: string) => tokenAnswers.inc({ endpoint, outcome }),
    sessionCreated: () => created.inc(),
    factsFetch: (outcome: string) => factsFetches.inc({ outcome }),
    decision: (via: 'forward_auth' | 'app_api', rule: string, outcome: string) =>
      decisions.inc({ via, rule, outcome }),
    sessionEnded: (reason: string, count = 1) => ended.inc({ reason }, count),
    traceExportProblem: (kind: string, spans: number) => traceExportProblems.inc({ kind }, spans),
    auditWriteFailure: () => auditFailures.inc(),
    refused: (kind: string) => refused.inc({ kind }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
