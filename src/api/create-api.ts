import type { Router } from 'express';
import type { Config } from '../config';
import type { SecuritizeClient } from '../securitize';
import type { Sessions } from '../session';
import type { RateStore, RedisClient } from '../store';
import type { WithSessionToken } from '../tokens';
import type { AuditRecorder } from '../audit';
import { apiGuards, createRateCheck, newRouter, strictCsp } from '../http';
import { createHealthRouter } from './health';
import { createInvestorApiRouter } from './investor-api';
import { meHandler } from './me';
import { createSessionApiRouter } from './session-api';

export interface ApiFeatureDeps {
  config: Config;
  redis: RedisClient;
  rates: RateStore;
  securitize: SecuritizeClient;
  sessions: Sessions;
  withAccessToken: WithSessionToken;
  now: () => number;
  audit: AuditRecorder;
}

/** The web app's JSON API (/api/me, the session API, the investor API) and the health probes. */
export function createApi(deps: ApiFeatureDeps): Router {
  const { config, sessions } = deps;
  const guarded = apiGuards(config.ownOrigins);
  // Per session, across instances: one investor (or one stolen cookie) can't spend the application's
  // quota at Securitize for everyone.
  const limitSession = createRateCheck(deps.rates, 'api', config.rateLimitApiPerMinute, (req) =>
    sessions.handle(req.bff!.sid),
  );
  const r = newRouter();
  // /api/me first: it is most of the traffic. CSRF defences run before the session is read.
  r.get('/api/me', guarded, meHandler(sessions.load));
  // The rest of the API: the session is read once for all of it; the investor routes (the busier
  // ones) come first, so their requests walk past as few router layers as possible.
  r.use(
    '/api',
    guarded,
    sessions.read({ extend: true }),
    createInvestorApiRouter({
      securitize: deps.securitize,
      withAccessToken: deps.withAccessToken,
      limitSession,
    }),
    createSessionApiRouter({
      sessions,
      idleTimeoutSeconds: config.session.idleTimeoutSeconds,
      now: deps.now,
      audit: deps.audit,
    }),
  );
  r.use(['/healthz', '/readyz'], strictCsp);
  r.use(createHealthRouter(deps.redis));
  return r;
}
