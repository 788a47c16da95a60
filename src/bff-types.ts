/** createBff's types: what it takes and what library mode gets. */
import type { ErrorRequestHandler, Request, RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { Tracer } from '@opentelemetry/api';
import type { Bus, RedisClient } from './store';
import type { Config } from './config';
import type { SecuritizeClient } from './securitize';
import type { Metrics } from './metrics';
import type { Library } from './vouch';

export interface BffDeps {
  config: Config;
  redis: RedisClient;
  securitize: SecuritizeClient;
  logger: Logger;
  metrics?: Metrics;
  now?: () => number;
  /** With tracing on: the spans of the refresh, its lock wait and the app-API proxy come from it. */
  tracer?: Tracer;
  /**
   * The instances' bus (`createBus(redis)`): with several instances, dropping an investor's cached
   * facts (a webhook, the admin API) reaches all of them. Without it, only this instance's caches.
   */
  bus?: Bus;
}

export interface BffRouterOptions {
  /** Answer unknown paths under the mount point with 404 (true), or pass them on (false). */
  notFound?: boolean;
}

/** Calls Securitize for the investor of `req.bff` with a fresh access token (refresh, one retry on a 401). */
export type WithAccessToken = <T>(req: Request, call: (accessToken: string) => Promise<T>) => Promise<T>;

/**
 * What library mode gets: the router, and the pieces for the host app's own routes. The middleware
 * hands every failure to `next` (the host may run Express 4, which does not catch a rejection).
 */
export interface Bff {
  /** Everything the BFF serves; mount it at `/` or under a prefix. */
  router: Router;
  /** Middleware that reads the session into `req.bff` (null when logged out) and extends it. */
  readSession: RequestHandler;
  /** Calls Securitize for the investor of `req.bff` with a fresh access token (refresh, retry). */
  withAccessToken: WithAccessToken;
  /**
   * Middleware: the investor must meet a POLICY_FILE policy (by name) or these requirements; a
   * write (any method but GET, HEAD, OPTIONS) must come from the app's own pages, unless
   * `allowCrossSite`.
   */
  requirePolicy: Library['requirePolicy'];
  /** Middleware: POLICY_FILE's rules applied to the host app's own paths (writes as requirePolicy's, per rule). */
  enforceRules: Library['enforceRules'];
  /** The investor assertion for the current request, for calls the host app makes to its backend. */
  assertionFor: Library['assertionFor'];
  /** `GET /auth` for a reverse proxy: serve it on a listener of its own, never on the public port. */
  forwardAuth: Router;
  /** The BFF's error answers (JSON `{error, …}`), for the host app's routes that use the pieces above. */
  errorHandler: ErrorRequestHandler;
  /** Drops the investor's cached facts and assertions on every instance (the admin API's refresh). */
  refreshFacts: (investorId: string) => Promise<void>;
}
