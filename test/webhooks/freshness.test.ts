import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBff } from '../../src/app';
import { createSecuritizeClient } from '../../src/securitize';
import { SEEDED } from '../../src/simulator';
import { createBus } from '../../src/store';
import { Harness, startHarness } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';
import { authRequest } from '../helpers/vouch';
import { waitFor } from '../helpers/wait-for';
import { decisionEnv, deliver, investorLike, kycEvent, startDomainApi, webhookEnv } from './helpers';

/**
 * What a drop guarantees: a facts fetch that began before it cannot bring the old facts back (in
 * Redis or in any instance's memory), and with KYC_CHANGE_ENDS_SESSIONS=false a rejected investor
 * is refused but not logged out.
 */
let redis: RedisChild;
let domainApi: Awaited<ReturnType<typeof startDomainApi>>;
let gate: Awaited<ReturnType<typeof startGate>>;
let a: Harness;
let b: Harness;

/** A proxy to the simulator that can hold the answers to investor-profile calls until released. */
async function startGate(target: string) {
  const held: Array<() => void> = [];
  const state = { holding: false };
  const server = http.createServer((req, res) => {
    const up = http.request(target + (req.url ?? '/'), { method: req.method, headers: req.headers }, (ur) => {
      const send = () => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      };
      if (state.holding && /\/investor$/.test(req.url ?? '')) held.push(send);
      else send();
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    held,
    release: () => held.splice(0).forEach((f) => f()),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

beforeAll(async () => {
  redis = await startRedisServer();
  domainApi = await startDomainApi('key-1:domain-secret-5f2b');
  const env = {
    ...webhookEnv(domainApi.url, undefined, { KYC_CHANGE_ENDS_SESSIONS: 'false' }),
    ...decisionEnv(),
  };
  b = await startHarness({ redis, env });
  gate = await startGate(b.simUrl);
  a = await startHarness({ redis, env: { ...env, SECURITIZE_API_URL: gate.url }, shareSimulatorOf: b });
});
afterAll(async () => {
  gate.release();
  await a.close();
  await b.close();
  await gate.close();
  await domainApi.close();
  await redis.close();
});

const decision = async (h: Harness, cookie: string) => {
  const res = await authRequest(h.faUrl, { method: 'GET', uri: '/invest' }, { Cookie: cookie });
  return res.status === 200 ? 'allowed' : String(res.headers['x-auth-reason']);
};

test('a fetch that began before the drop does not put its old facts back', async () => {
  const id = 'a0a1a2a3a4a5a6a7a8a9aaab';
  b.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  domainApi.link('ext-race', id);
  const { cookie } = await b.login(id);
  gate.state.holding = true;
  // Instance a fetches the facts: Securitize answered "verified", the answer is held on its way.
  const early = decision(a, cookie!);
  await waitFor('the profile answer is held', 5000, async () => (gate.held.length > 0 ? true : undefined));
  b.sim.control.putInvestor(investorLike(SEEDED.verified, id, 'manual-review'));
  expect((await deliver(b.url, kycEvent('ext-race'))).status).toBe(200);
  gate.state.holding = false;
  gate.release();
  // The decision that began before the drop decides on what it fetched...
  expect(await early).toBe('allowed');
  // ...but neither instance keeps it: the next decisions see the new status.
  expect(await decision(a, cookie!)).toBe('kyc_required');
  expect(await decision(b, cookie!)).toBe('kyc_required');
});

test('KYC_CHANGE_ENDS_SESSIONS=false: a rejected investor is refused but stays logged in', async () => {
  const id = 'a0a1a2a3a4a5a6a7a8a9aaac';
  b.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  domainApi.link('ext-keep', id);
  const { cookie } = await b.login(id);
  expect(await decision(b, cookie!)).toBe('allowed');
  b.sim.control.putInvestor(investorLike(SEEDED.verified, id, 'rejected'));
  expect((await deliver(b.url, kycEvent('ext-keep'))).status).toBe(200);
  await waitFor('the recheck', 5000, async () =>
    /bff_kyc_rechecks_total\{outcome="fetched"\} [1-9]/.test(await b.metrics.registry.metrics())
      ? true
      : undefined,
  );
  expect(await decision(a, cookie!)).toBe('kyc_required');
  expect((await b.get('/api/me', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(200);
});

test('library mode: refreshFacts (what the admin API calls) drops the facts on the other instances too', async () => {
  const id = 'a0a1a2a3a4a5a6a7a8a9aaad';
  b.sim.control.putInvestor(investorLike(SEEDED.verified, id));
  const { cookie } = await b.login(id);
  expect(await decision(b, cookie!)).toBe('allowed');
  b.sim.control.putInvestor(investorLike(SEEDED.verified, id, 'processing'));
  expect(await decision(b, cookie!)).toBe('allowed'); // held in b's memory
  const bus = createBus(a.redis);
  const host = createBff({
    config: a.config,
    redis: a.redis,
    securitize: createSecuritizeClient(a.config.securitize),
    logger: a.logger,
    bus,
  });
  try {
    await waitFor('the host subscribed', 5000, async () => {
      const [, n] = (await a.redis.pubsub('NUMSUB', 'bff:freshness')) as [string, number];
      return Number(n) >= 3 ? true : undefined;
    });
    await host.refreshFacts(id);
    const reason = await waitFor('b refuses', 5000, async (seen) => {
      const d = await decision(b, cookie!);
      seen(d);
      return d === 'kyc_required' ? d : undefined;
    });
    expect(reason).toBe('kyc_required');
  } finally {
    await bus.close();
  }
});
