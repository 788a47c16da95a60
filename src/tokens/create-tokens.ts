import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import type { SecuritizeClient } from '../securitize';
import type { Sessions } from '../session';
import { createLeases, RedisClient } from '../store';
import type { Spans } from '../tracing';
import { createWithAccessToken } from './access-token';
import { createTokenRefresher } from './refresher';

/** The tokens feature, wired: the refresh over the session's token store and the store's lease. */
export function createTokens(deps: {
  config: Config;
  redis: RedisClient;
  sessions: Sessions;
  securitize: SecuritizeClient;
  logger: Logger;
  now: () => number;
  metrics: Metrics;
  spans: Spans;
}) {
  const { config } = deps;
  const refresher = createTokenRefresher({
    state: deps.sessions.tokenStore,
    underLease: createLeases(deps.redis),
    leaseKey: deps.sessions.tokenStore.leaseKey,
    end: deps.sessions.end,
    securitize: deps.securitize,
    logger: deps.logger,
    now: deps.now,
    metrics: deps.metrics,
    marginMs: config.tokens.refreshMarginSeconds * 1000,
    lockTtlMs: config.tokens.refreshLockTtlMs,
    waitMs: config.securitize.timeoutMs + config.tokens.refreshLockTtlMs + 1000,
    spans: deps.spans,
  });
  return { withAccessToken: createWithAccessToken({ sessions: deps.sessions, refresher }), refresher };
}
