import type { Ctx } from '../lib/context';
import { http } from '../lib/http';
import { INVESTORS, login, PRODUCT_HEADERS, tokenPair } from '../lib/login';
import { progress } from '../lib/progress';
import type { ServerChild } from '../lib/processes';
import { seedBaseline } from '../lib/sessions';
import { clearSimCalls } from '../lib/sim';
import type { VouchCheck, VouchCompareResult } from '../lib/types';
import {
  check,
  decodeAssertion,
  GATEWAY_PREFIX,
  investorProfileCalls,
  POLICY,
  startVouchingProduct,
  VouchingProduct,
} from '../lib/vouch';
import { compareRounds } from './compare';
import { profileSides } from './profile-sides';

const CONNECTIONS = 50;
const PATH = `${GATEWAY_PREFIX}/orders`;
const ECHO = `${GATEWAY_PREFIX}/__echo`;

/** What each side forwards, read back from the upstream's echo; and that neither forwards without a session. */
async function checks(
  p: VouchingProduct,
  baseline: ServerChild,
  productHeaders: Record<string, string>,
  baselineCookie: string,
  investor: string,
): Promise<VouchCheck[]> {
  const echoed = (body: string) => JSON.parse(body) as Record<string, string | undefined>;
  const viaProduct = await http(p.product.url + ECHO, { headers: productHeaders });
  const viaBaseline = await http(baseline.url + ECHO, { headers: { cookie: baselineCookie } });
  const seen = viaProduct.status === 200 ? echoed(viaProduct.body) : {};
  const bearer = /^Bearer (.+)$/.exec(seen.authorization ?? '')?.[1];
  const a = bearer ? decodeAssertion(bearer, p.publicKey) : undefined;
  const plain = await http(p.product.url + PATH, { headers: productHeaders });
  const noSession = { ...productHeaders };
  delete noSession.cookie;
  const productLoggedOut = await http(p.product.url + PATH, { headers: noSession });
  const baselineLoggedOut = await http(baseline.url + PATH);
  const baselineSeen = viaBaseline.status === 200 ? echoed(viaBaseline.body) : {};
  return [
    check(`product GET ${PATH}: status`, '200', String(plain.status)),
    check(
      'product: what the upstream received',
      `Authorization: Bearer <ES256, valid, sub ${investor}, verified true>, no Cookie`,
      a
        ? `Authorization: Bearer <${String(a.header.alg)}, ${a.signatureValid ? 'valid' : 'INVALID'}, ` +
            `sub ${String(a.claims.sub)}, verified ${String(a.claims.verified)}>, ` +
            (seen.cookie === undefined ? 'no Cookie' : 'Cookie')
        : `status ${viaProduct.status}, no assertion`,
    ),
    check(
      'minimal app-API proxy: what the upstream received',
      'no Authorization (it signs nothing)',
      viaBaseline.status !== 200
        ? `status ${viaBaseline.status}`
        : baselineSeen.authorization === undefined
          ? 'no Authorization (it signs nothing)'
          : 'Authorization',
    ),
    check(`product GET ${PATH} without a cookie: status`, '401', String(productLoggedOut.status)),
    check(
      `minimal app-API proxy GET ${PATH} without a cookie: status`,
      '401',
      String(baselineLoggedOut.status),
    ),
  ];
}

/**
 * Scenario 10: the app-API proxy (`GET /app-api/x/orders` behind the session, the API guards and a
 * policy that needs a KYC fact, forwarded by http-proxy-3 with the investor assertion) against the
 * minimal app-API proxy (express-session + connect-redis + http-proxy-3, the session checked, nothing
 * signed), both forwarding to the same tiny upstream process.
 */
export async function scenarioGateway(ctx: Ctx): Promise<VouchCompareResult> {
  const { stack, opts } = ctx;
  const investor = INVESTORS[1]!;
  const sim = stack.sim.url;
  const upstream = await stack.startBaseline('upstream');
  const started: Array<{ stop(): Promise<void> }> = [upstream];
  try {
    const target = `${upstream.url}/base`;
    // Started side by side (quick mode stays short); whichever started is stopped below either way.
    const [pStart, bStart] = await Promise.allSettled([
      startVouchingProduct(stack, 'product-gateway', { upstream: target }),
      stack.startBaseline('minimal-gateway', { UPSTREAM_URL: target }),
    ]);
    for (const s of [pStart, bStart]) if (s.status === 'fulfilled') started.push(s.value);
    if (pStart.status === 'rejected') throw pStart.reason;
    if (bStart.status === 'rejected') throw bStart.reason;
    const [p, baseline] = [pStart.value, bStart.value];
    const cookie = await login(p.product.url, sim, investor);
    const pair = await tokenPair(sim, stack.secrets, investor);
    const seeded = await seedBaseline(baseline.url, stack.redis.admin, 'base-gw:', pair);
    const productHeaders = { ...PRODUCT_HEADERS, cookie, 'x-csrf': '1' };
    const list = await checks(p, baseline, productHeaders, seeded.cookie, investor);
    for (const k of list.filter((k) => !k.ok))
      ctx.problems.push(`S10 check failed: ${k.what}: expected ${k.expected}, got ${k.got}`);
    await clearSimCalls(sim);
    let factsFetches = 0;
    let productRequests = 0;
    const pids = (server: number) => ({
      server,
      redis: stack.redis.pid,
      upstream: upstream.pid,
      simulator: stack.sim.pid,
    });
    const result = await compareRounds({
      id: 'S10',
      title: 'the app-API proxy, GET /app-api/x/orders',
      productLabel: `product GET ${PATH} (policy ${POLICY.name}, assertion)`,
      baselineLabel: 'minimal app-API proxy (express-session + http-proxy-3)',
      targetRatio: 1.2,
      rounds: opts.sizes.vouchRounds,
      connections: CONNECTIONS,
      problems: ctx.problems,
      after: async () => {
        factsFetches += await investorProfileCalls(sim);
        await clearSimCalls(sim);
      },
      product: async () => ({
        url: p.product.url,
        path: PATH,
        headers: productHeaders,
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => {
          if (s === 200) productRequests++;
          return s === 200;
        },
        pids: pids(p.product.pid),
      }),
      baseline: async () => ({
        url: baseline.url,
        path: PATH,
        headers: { cookie: seeded.cookie },
        connections: CONNECTIONS,
        duration: opts.duration,
        ok: (s) => s === 200,
        pids: pids(baseline.pid),
      }),
    });
    progress(
      `S10 facts fetched from the simulator during the loads: ${factsFetches} for ${productRequests} answers`,
    );
    // Full runs: where each side's CPU goes, from a profile of each under the same load.
    const profile = opts.quick
      ? undefined
      : await profileSides({
          id: 'S10',
          seconds: opts.duration,
          product: [
            'product',
            async (nodeArgs) => {
              const q = await startVouchingProduct(stack, 'product-gateway-profiled', {
                upstream: target,
                nodeArgs,
              });
              const c = await login(q.product.url, sim, investor).catch(async (err: unknown) => {
                await q.stop();
                throw err;
              });
              return {
                spec: {
                  url: q.product.url,
                  path: PATH,
                  headers: { ...PRODUCT_HEADERS, cookie: c, 'x-csrf': '1' },
                  connections: CONNECTIONS,
                  ok: (s) => s === 200,
                  pids: { server: q.product.pid },
                },
                stop: () => q.stop(),
              };
            },
          ],
          baseline: [
            'minimal app-API proxy',
            async (nodeArgs) => {
              const b = await stack.startBaseline('minimal-gateway', { UPSTREAM_URL: target }, nodeArgs);
              const c = await seedBaseline(b.url, stack.redis.admin, 'base-gw:', pair).catch(
                async (err: unknown) => {
                  await b.stop();
                  throw err;
                },
              );
              return {
                spec: {
                  url: b.url,
                  path: PATH,
                  headers: { cookie: c.cookie },
                  connections: CONNECTIONS,
                  ok: (s) => s === 200,
                  pids: { server: b.pid },
                },
                stop: () => b.stop(),
              };
            },
          ],
        });
    result.notes.push(
      'Both sides forward to one upstream process (`bench/servers/upstream.ts`, bare `node:http`, a 48-byte JSON ' +
        'answer, keep-alive), each through http-proxy-3 with a keep-alive agent. The product is an instance started ' +
        `for S10 with \`FORWARD_AUTH_PORT\`, \`ASSERTION_SIGNING_KEYS\` and a \`POLICY_FILE\` whose \`apis\` entry ` +
        `\`${GATEWAY_PREFIX}\` has the policy \`${POLICY.name}\` (\`verified: true\`); its requests carry the session ` +
        'cookie of a verified investor from a real login, `X-Forwarded-Proto: https` and `X-CSRF: 1`.',
      'Not the same work: the product checks the API guards (Origin/Fetch-Metadata, `X-CSRF`), reads the sealed KYC ' +
        'facts beside the session and checks the policy (facts cached for KYC_FACTS_MAX_AGE, 300 s), takes an ES256 ' +
        'assertion from its in-process cache (signed once per ASSERTION_TTL/2, 30 s) and forwards it as ' +
        '`Authorization: Bearer`, drops the cookie and hop-by-hop headers, sets `X-Forwarded-*`, writes helmet headers ' +
        'and an access log line. The minimal app-API proxy checks only that the session has a user (express-session, ' +
        `touch on, a ${seeded.storedBytes}-byte session) and forwards the request as it came: it signs nothing and ` +
        'checks no policy.',
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
    await Promise.allSettled(started.map((s) => s.stop()));
  }
}
