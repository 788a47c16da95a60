import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import type { SecuritizeClient } from '../securitize';
import type { Sessions } from '../session';
import { Bus, createLeases, createLocalBus, RedisClient } from '../store';
import type { WithSessionToken } from '../tokens';
import type { Spans } from '../tracing';
import type { AuditRecorder } from '../audit';
import { apiGuards, newRouter, requestContext, strictCsp, Trust } from '../http';
import { createAppApiProxy } from './app-api-proxy';
import { createAssertions } from './assertions';
import { createEpochs } from './epochs';
import { createFreshness } from './freshness';
import { createVouch } from './decide';
import { createFactsSource } from './facts';
import { forwardAuthRouter } from './forward-auth';
import { createLibrary } from './library';

export interface VouchingDeps {
  config: Config;
  redis: RedisClient;
  sessions: Sessions;
  securitize: SecuritizeClient;
  withAccessToken: WithSessionToken;
  trust: Trust;
  logger: Logger;
  now: () => number;
  metrics: Metrics;
  spans: Spans;
  audit?: AuditRecorder;
  /** The instances' bus (a drop reaches every instance); without one, this instance alone. */
  bus?: Bus;
}

/**
 * Vouching for the investor to the app's own backend, wired: the KYC facts (over the store's lease),
 * the signed assertions, the decisions, and the three doors to them: the public routes (the app-API
 * proxy's `apis` entries and the JWKS), forward-auth's own router, and library mode's helpers; and
 * `freshness`, which drops an investor's cached facts and assertions on every instance.
 */
export function createVouching(deps: VouchingDeps) {
  const { config, sessions, metrics } = deps;
  const epochs = createEpochs();
  const facts = createFactsSource({
    epochs,
    store: sessions.facts,
    underLease: createLeases(deps.redis),
    securitize: deps.securitize,
    withAccessToken: deps.withAccessToken,
    maxAgeMs: config.kycFactsMaxAgeSeconds * 1000,
    now: deps.now,
    leaseMs: config.securitize.timeoutMs * 2 + 1000,
    waitMs: config.securitize.timeoutMs * 2 + config.tokens.refreshLockTtlMs + 1000,
    onFetch: metrics.factsFetch,
  });
  const assertions = createAssertions({
    keys: config.assertion.keys,
    issuer: config.publicUrl,
    ttlSeconds: config.assertion.ttlSeconds,
    now: deps.now,
    epochOf: epochs.of,
  });
  const freshness = createFreshness({
    epochs,
    bus: deps.bus ?? createLocalBus(),
    sessions,
    facts,
    metrics,
    logger: deps.logger,
    endOnKycChange: config.kycChangeEndsSessions,
  });
  const vouch = createVouch({
    sessions,
    facts,
    assertions,
    defaultAudience: config.assertion.audience,
    verificationPage: deps.securitize.verificationPageUrl(`${config.publicUrl}/login`),
    audit: deps.audit,
  });
  const proxy = createAppApiProxy({
    vouch,
    publicHost: new URL(config.publicUrl).host,
    trust: deps.trust,
    metrics,
    log: deps.logger,
    spans: deps.spans,
  });

  // On the public port: each `apis` entry behind the API's guards (bodies are the backend's
  // business) and the session, and the published keys.
  const routes = newRouter();
  const guards = apiGuards(config.ownOrigins, { jsonBody: false });
  const readSession = sessions.read({ extend: true });
  for (const entry of config.policy.apis) routes.use(entry.prefix, guards, readSession, proxy(entry));
  routes.get('/.well-known/jwks.json', strictCsp, async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(await assertions.jwks());
  });

  // On a listener of its own, never the public port: only the proxy in front reaches it.
  const forwardAuth: Router = newRouter();
  forwardAuth.use(requestContext(deps.logger, deps.now));
  forwardAuth.use(
    forwardAuthRouter({
      rules: config.policy.rules,
      fallback: config.policy.default,
      headers: config.forwardAuth.headers,
      ownOrigins: config.ownOrigins,
      load: sessions.load,
      vouch,
      metrics,
      writer: { appUrl: config.appUrl, metrics },
    }),
  );

  const library = createLibrary({
    policy: config.policy,
    vouch,
    load: sessions.load,
    ownOrigins: config.ownOrigins,
  });
  return { routes, forwardAuth, library, freshness };
}
