import { SEEDED } from '../../src/simulator/fixtures/ids';
import { cookieFrom, http, pool, postJson } from './http';
import type { Secrets } from './stack';

/** The simulator's seeded investors; logins go round-robin over them. */
export const INVESTORS: readonly string[] = Object.values(SEEDED);
export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
/** Every request to the product arrives "through the TLS proxy" (TRUST_PROXY=1), from a browser. */
export const PRODUCT_HEADERS = { 'x-forwarded-proto': 'https', 'user-agent': BROWSER_UA };
export const SESSION_COOKIE = '__Host-sid';
export const TX_COOKIE = '__Host-tx';

export interface PendingLogin {
  state: string;
  txCookie: string;
}

export interface TokenPair {
  investorId: string;
  accessToken: string;
  refreshToken: string;
  expiration: string;
}

/** GET /login: the product opens a transaction; we keep its state and cookie for the callback. */
export async function openLogin(bffUrl: string): Promise<PendingLogin> {
  const r = await http(`${bffUrl}/login`, { headers: PRODUCT_HEADERS });
  const location = String(r.headers.location ?? '');
  const redirect = new URLSearchParams(location.split('#/authorize?')[1] ?? '').get('redirecturl');
  const state = redirect ? new URL(redirect).pathname.split('/callback/')[1] : null;
  const txCookie = cookieFrom(r.headers, TX_COOKIE);
  if (r.status !== 302 || !state || !txCookie) throw new Error(`/login answered ${r.status} ${location}`);
  return { state, txCookie };
}

/** A fresh one-time code from the simulator's control API (what its login page would redirect with). */
export async function issueCode(simUrl: string, investorId: string): Promise<string> {
  const r = await postJson(`${simUrl}/__control/codes`, { investorId });
  if (r.status !== 200) throw new Error(`/__control/codes answered ${r.status}: ${r.body}`);
  return (JSON.parse(r.body) as { code: string }).code;
}

export const callbackPath = (p: PendingLogin, code: string) =>
  `/callback/${p.state}?code=${encodeURIComponent(code)}&country=US&authorized=true`;

/** A 303 to the app without `?error=` is a completed login. */
export const loginSucceeded = (status: number, location: unknown) =>
  status === 303 && typeof location === 'string' && !location.includes('error=');

export async function completeLogin(bffUrl: string, p: PendingLogin, code: string): Promise<string> {
  const headers = { ...PRODUCT_HEADERS, cookie: p.txCookie };
  const r = await http(bffUrl + callbackPath(p, code), { headers });
  const cookie = cookieFrom(r.headers, SESSION_COOKIE);
  if (!loginSucceeded(r.status, r.headers.location) || !cookie)
    throw new Error(`/callback answered ${r.status} ${String(r.headers.location)}`);
  return cookie;
}

/** The full login of one browser through the real /login and /callback; returns the session cookie. */
export async function login(bffUrl: string, simUrl: string, investorId: string): Promise<string> {
  const pending = await openLogin(bffUrl);
  return completeLogin(bffUrl, pending, await issueCode(simUrl, investorId));
}

/** `n` logins with bounded concurrency; `onProgress` sees the running count now and then. */
export async function createSessions(
  bffUrl: string,
  simUrl: string,
  n: number,
  opts: { concurrency?: number; offset?: number; onProgress?: (done: number) => void } = {},
): Promise<void> {
  let done = 0;
  await pool(n, opts.concurrency ?? 16, async (i) => {
    await login(bffUrl, simUrl, INVESTORS[((opts.offset ?? 0) + i) % INVESTORS.length]!);
    if (++done % 1000 === 0) opts.onProgress?.(done);
  });
}

/** A token pair obtained the way the product does it (code exchange), for baselines and direct calls. */
export async function tokenPair(simUrl: string, secrets: Secrets, investorId: string): Promise<TokenPair> {
  const code = await issueCode(simUrl, investorId);
  const r = await postJson(
    `${simUrl}/v1/${secrets.clientId}/oauth2/authorize`,
    { code },
    { authorization: secrets.secret },
  );
  if (r.status !== 200) throw new Error(`code exchange answered ${r.status}: ${r.body}`);
  return JSON.parse(r.body) as TokenPair;
}
