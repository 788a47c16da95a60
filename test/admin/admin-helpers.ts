import request from 'supertest';
import { policyFile, signingKey } from '../helpers/vouch';

/** Two operators' tokens, random-looking and of different lengths. */
export const ALICE = 'f3a91c07d2b84e6a9c15e7d0b2a4c8f1';
export const BOB = '9Qz4-Lm8_xR2vT6wB1yN5kH0jG3fD7sA.k2';

export const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const FIREFOX_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

const POLICY = `
policies:
  verified: { verified: true }
rules:
  - { path: /portfolio, policy: verified }
  - { path: /, policy: null }
`;

/** A harness environment with the admin API (port 0), forward-auth and a policy that needs KYC facts. */
export const adminEnv = (extra: Record<string, string> = {}) => ({
  ADMIN_PORT: '0',
  ADMIN_TOKENS: `alice:${ALICE},bob:${BOB}`,
  FORWARD_AUTH_PORT: '0',
  POLICY_FILE: policyFile(POLICY),
  ASSERTION_SIGNING_KEYS: signingKey('k1'),
  ...extra,
});

/** An admin API request with a token (default alice's). */
export const adminCall = (url: string, method: 'get' | 'delete' | 'post', path: string, token = ALICE) =>
  request(url)[method](path).set('Authorization', `Bearer ${token}`);
