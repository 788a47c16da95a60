/** The login journey: /login, /callback, /logout, the login transaction and its cookie. */
export { createLogin } from './create-login';
export type { LoginFeatureDeps } from './create-login';
export { parseCallbackUrl } from './callback-params';
export { safeReturnTo } from './return-to';
