import type { Ctx } from '../lib/context';
import { http } from '../lib/http';
import { INVESTORS, login, PRODUCT_HEADERS } from '../lib/login';
import { progress } from '../lib/progress';
import { clearSimCalls } from '../lib/sim';
import type { VouchCheck, VouchCompareResult } from '../lib/types';
import {
  authHeaders,
  check,
  decodeAssertion,
  investorProfileCalls,
  ORIGINAL_URI,
  POLICY,
  RULE_PATH,
  startVouchingProduct,
  VouchingProduct,
} from '../lib/vouch';
import { compareRounds } from './compare';
import { ProfiledSide, profileSides } from './profile-sides';

const CONNECTIONS = 50;

/** What `/auth` answers before the load: a verified investor passes, others are refused, no session is 401. */
async function checks(
  p: VouchingProduct,
  simUrl: string,
  cookie: string,
  investor: string,
): Promise<{ list: VouchCheck[]; assertionBytes: number }> {
  const auth = (c?: string) => http(`${p.forwardAuthUrl}/auth`, { headers: authHeaders(c) });
  const first = await auth(cookie);
  const again = await auth(cookie);
  const jwt = String(first.headers['x-investor-assertion'] ?? '');
  const a = jwt ? decodeAssertion(jwt, p.publicKey) : undefined;
  const c = a?.claims ?? {};
  const notVerified = INVESTORS[0]!;
  const refusedCookie = await login(p.product.url, simUrl, notVerified);
  const refused = await auth(refusedCookie);
  const loggedOut = await auth();
  const list = [
    check('GET /auth, verified investor: status', '200', String(first.status)),
    check('X-Investor-Id', investor, String(first.headers['x-investor-id'])),
    check(
      'X-Investor-Assertion: ES256, signature, claims',
      `ES256, valid, sub ${investor}, verified true, exp − iat 60 s`,
      a
        ? `${String(a.header.alg)}, ${a.signatureValid ? 'valid' : 'INVALID'}, sub ${String(c.sub)}, ` +
            `verified ${String(c.verified)}, exp − iat ${Number(c.exp) - Number(c.iat)} s`
        : 'no assertion',
    ),
    check(
      'the next request: the same assertion (cached)',
      'same',
      again.headers['x-investor-assertion'] === jwt ? 'same' : 'new',
    ),
    check(
      `GET /auth, investor ${notVerified} (status none): status`,
      '403',
      `${refused.status} ${(JSON.parse(refused.body || '{}') as { error?: string }).error ?? ''}`.trim(),
      refused.status === 403,
    ),
    check('GET /auth without a cookie: status', '401', String(loggedOut.status)),
  ];
  return { list, assertionBytes: jwt.length };
}

/**
 * Scenario 9: forward-auth's `GET /auth` (a rule whose policy needs a KYC fact, for a verified
 * investor: facts from the cache beside the session, the assertion from the in-process cache)
 * against `GET /api/me` of the same product process, with the same session, in interleaved rounds.
 */
export async function scenarioForwardAuth(ctx: Ctx): Promise<VouchCompareResult> {
  const { stack, opts } = ctx;
  const investor = INVESTORS[1]!;
  const sim = stack.sim.url;
  const p = await startVouchingProduct(stack, 'product-forward-auth');
  try {
    const cookie = await login(p.product.url, sim, investor);
    const { list, assertionBytes } = await checks(p, sim, cookie, investor);
    for (const k of list.filter((k) => !k.ok))
      ctx.problems.push(`S9 check failed: ${k.what}: expected ${k.expected}, got ${k.got}`);
    await clearSimCalls(sim);
    let factsFetches = 0;
    let productRequests = 0;
    const pids = { server: p.product.pid, redis: stack.redis.pid, simulator: stack.sim.pid };
    const result = await compareRounds({
      id: 'S9',
      title: 'GET /auth (forward-auth) against GET /api/me',
      productLabel: `product GET /auth (forward-auth, policy ${POLICY.name})`,
      baselineLabel: 'the same product GET /api/me',
      targetRatio: 0.9,
      rounds: opts.sizes.vouchRounds,
      connections: CONNECTIONS,
      problems: ctx.problems,
      after: async () => {
        factsFetches += await investorProfileCalls(sim);
        await clearSimCalls(sim);
      },
      product: async () => ({
        url: p.forwardAuthUrl,
        path: '/auth',
        headers: authHeaders(cookie),
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s, h) => {
          const ok = s === 200 && typeof h['x-investor-assertion'] === 'string';
          if (ok) productRequests++;
          return ok;
        },
        pids,
      }),
      baseline: async () => ({
        url: p.product.url,
        path: '/api/me',
        headers: { ...PRODUCT_HEADERS, cookie, 'x-csrf': '1' },
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => s === 200,
        pids,
      }),
    });
    progress(
      `S9 facts fetched from the simulator during the loads: ${factsFetches} for ${productRequests} answers`,
    );
    // Full runs: where each side's CPU goes, each on a profiled instance of its own under the same load.
    const side =
      (route: 'auth' | 'me'): ProfiledSide =>
      async (nodeArgs) => {
        const q = await startVouchingProduct(stack, `product-${route}-profiled`, { nodeArgs });
        const c = await login(q.product.url, sim, investor).catch(async (err: unknown) => {
          await q.stop();
          throw err;
        });
        const spec =
          route === 'auth'
            ? { url: q.forwardAuthUrl, path: '/auth', headers: authHeaders(c) }
            : {
                url: q.product.url,
                path: '/api/me',
                headers: { ...PRODUCT_HEADERS, cookie: c, 'x-csrf': '1' },
              };
        return {
          spec: { ...spec, connections: CONNECTIONS, ok: (s) => s === 200, pids: { server: q.product.pid } },
          stop: () => q.stop(),
        };
      };
    const profile = opts.quick
      ? undefined
      : await profileSides({
          id: 'S9',
          seconds: opts.duration,
          product: ['product GET /auth', side('auth')],
          baseline: ['product GET /api/me', side('me')],
        });
    result.notes.push(
      'Both sides are one product instance (dist/, production settings) started for S9 and S10 with ' +
        '`FORWARD_AUTH_PORT`, a `POLICY_FILE` and `ASSERTION_SIGNING_KEYS`, and one session of a verified investor ' +
        'from a real login. `/auth` is asked on the forward-auth listener as nginx’s `auth_request` would ask: ' +
        `the session cookie, \`X-Original-Method: GET\`, \`X-Original-URI: ${ORIGINAL_URI}\`.`,
      `The rule \`${RULE_PATH}\` has the policy \`${POLICY.name}\` (\`verified: true\`): every \`/auth\` reads the session ` +
        'and the sealed KYC facts kept beside it (fetched from the simulator once, then cached for KYC_FACTS_MAX_AGE, ' +
        '300 s), checks the policy and takes the ES256 assertion from the in-process cache (re-signed after half of ' +
        `ASSERTION_TTL, 60 s) and sends it as \`X-Investor-Assertion\` (${assertionBytes} bytes). \`/api/me\` reads ` +
        'the session only.',
    );
    return {
      ...result,
      policyFile: p.policyText,
      checks: list,
      factsFetches,
      productRequests,
      ...(profile && { profile }),
    };
  } finally {
    await p.stop();
  }
}
