/** The Express edge: what every route and middleware of the BFF stands on. */
import './request';
export { passingErrors } from './async-middleware';
export { requestContext } from './request-context';
export {
  apiGuards,
  checkCsrfHeader,
  checkSameOrigin,
  methodNotAllowed,
  noStore,
  requireCsrfHeader,
  requireInvestor,
  strictCsp,
} from './guards';
export { createRateCheck, createRateLimit, rateLimitKey } from './rate-limit';
export { createErrorHandler, errorBody, noteError, notFound, toAppError } from './error-handler';
export type { ErrorMode, WriterDeps } from './error-handler';
export { fromSecuritize } from './securitize-errors';
export { createTrust, forwardedProtocol, installForwardedProto } from './trust';
export type { Trust } from './trust';
export { readQuery } from './query';
export type { QueryRead } from './query';
export { loggedPath } from './logged-path';
export { sendJson } from './send-json';
export { newRouter } from './router';
export { requestSpans } from './request-spans';
export { metricsHandler } from './metrics-handler';
