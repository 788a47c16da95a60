/** The investor's tokens in use: withAccessToken (refresh when due, one retry on a 401) and the refresh. */
export { createWithAccessToken } from './access-token';
export type { WithSessionToken } from './access-token';
export { createTokenRefresher } from './refresher';
export type { RefresherOptions, TokenRefresher } from './refresher';
export { noteTokenAnswer } from './token-answer-log';
export { createTokens } from './create-tokens';
