/** Authentication: login transactions, the callback's URL, token refresh and using the access token. */
export { createWithAccessToken } from './access-token';
export type { WithAccessToken } from './access-token';
export { createTokenRefresher } from './token-refresher';
export type { TokenRefresher, RefresherOptions } from './token-refresher';
export {
  BROWSER_ID_PATTERN,
  createRedisTransactionStore,
  newBrowserId,
  newState,
  STATE_PATTERN,
} from './login-transaction';
export type { LoginTransaction, TransactionStore } from './login-transaction';
export { parseCallbackUrl } from './callback-params';
export { safeReturnTo } from './return-to';
export { startedElsewhere } from './started-elsewhere';
export { noteTokenAnswer } from './token-answer-log';
