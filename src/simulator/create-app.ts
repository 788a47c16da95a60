import express, { type Express } from 'express';
import { createApiIntake } from './http/api-intake';
import { applyFaults } from './http/apply-faults';
import { errorHandler, notFound } from './http/error-handler';
import type { DomainSide } from './domain';
import { createClock } from './routes/clock';
import { createConfigRouter } from './routes/config';
import { createControlRouter } from './routes/control';
import { createDomainApiRouter } from './routes/domain-api';
import { createDomainControlRouter } from './routes/domain-control';
import { createFilesRouter } from './routes/files';
import { createInvestorRouter } from './routes/investor';
import { createLoginRouter } from './routes/login';
import { createOauthRouter } from './routes/oauth';
import { createSignupRouter } from './routes/signup';
import type { SimulatorState } from './state';
import type { SimulatorControl } from './types';

/** The middleware order lives here only: record, read the body, maybe fail on purpose, then answer. */
export function createApp(state: SimulatorState, control: SimulatorControl, domain: DomainSide): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const clock = createClock();
  app.use(clock.stamp);
  app.use('/__control', clock.router, createControlRouter(control));
  app.use('/__control', createDomainControlRouter(state, domain));
  app.use(createLoginRouter(state));
  app.use(createSignupRouter(state));
  app.use(createFilesRouter(state));

  // The direct API under /v1 and the gateway's under /api are recorded and faulted alike.
  app.use(['/v1', '/api'], ...createApiIntake(state), applyFaults(state));
  // Before the client routes: /v1/:clientId would otherwise take /v1/domains and /v1/webhooks for a clientId.
  app.use(createDomainApiRouter(state, domain));
  app.use(createOauthRouter(state));
  app.use(createInvestorRouter(state));
  app.use(createConfigRouter(state));

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
