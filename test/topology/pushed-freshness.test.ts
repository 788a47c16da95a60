import { SEEDED } from '../../src/simulator';
import { Harness, startHarness } from '../helpers/harness';
import { startRedisServer } from '../helpers/redis-server';
import { authRequest, policyFile, signingKey } from '../helpers/vouch';
import { waitFor } from '../helpers/wait-for';
import { deliver, investorLike, kycEvent, startDomainApi, webhookEnv } from '../webhooks/helpers';
import { untilReady } from './bff-on-topology';
import { startCluster, startSentinelGroup } from './topology';

/**
 * Pushed freshness on each Redis topology: three BFF instances, a KYC webhook delivered to the
 * first, and the next forward-auth decision on the second and third reflects the status Securitize
 * now gives (the drop travels over Redis pub/sub). The time it took is printed, not asserted.
 */
type Start = () => Promise<{ redisEnv: Record<string, string>; stop(): Promise<void> }>;
const TOPOLOGIES: Array<[string, Start]> = [
  [
    'single Redis',
    async () => {
      const r = await startRedisServer();
      return { redisEnv: { REDIS_URL: r.url }, stop: () => r.close() };
    },
  ],
  [
    'Sentinel',
    async () => {
      const g = await startSentinelGroup({ masterName: 'pushmaster', sentinels: 3 });
      const redisEnv = {
        REDIS_SENTINELS: g.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
        REDIS_SENTINEL_NAME: g.masterName,
      };
      return { redisEnv, stop: () => g.stop() };
    },
  ],
  [
    'Cluster',
    async () => {
      const c = await startCluster({ primaries: 3, replicasPerPrimary: 0 });
      const redisEnv = { REDIS_CLUSTER_NODES: c.startupNodes.map((n) => `${n.host}:${n.port}`).join(',') };
      return { redisEnv, stop: () => c.stop() };
    },
  ],
];

describe.each(TOPOLOGIES)('%s', (name, start) => {
  let topo: Awaited<ReturnType<Start>>;
  let domainApi: Awaited<ReturnType<typeof startDomainApi>>;
  let bffs: Harness[] = [];
  beforeAll(async () => {
    topo = await start();
    domainApi = await startDomainApi('key-1:domain-secret-5f2b');
    const env = {
      ...webhookEnv(domainApi.url),
      FORWARD_AUTH_PORT: '0',
      ASSERTION_SIGNING_KEYS: signingKey('t1'),
      POLICY_FILE: policyFile(`
rules:
  - { path: /invest, policy: { verified: true } }
  - { path: /, policy: null }
`),
    };
    const first = await startHarness({ redisEnv: topo.redisEnv, env });
    bffs = [first];
    for (let i = 0; i < 2; i++)
      bffs.push(await startHarness({ redisEnv: topo.redisEnv, env, shareSimulatorOf: first }));
    for (const h of bffs) await untilReady(h);
  }, 90_000);
  afterAll(async () => {
    for (const h of bffs.reverse()) await h.close();
    await domainApi?.close();
    await topo?.stop();
  });

  test(`${name}: a webhook on instance 1 changes the next decision on instances 2 and 3`, async () => {
    const [one, two, three] = bffs as [Harness, Harness, Harness];
    const id = 'f0f1f2f3f4f5f6f7f8f9fafb';
    one.sim.control.putInvestor(investorLike(SEEDED.verified, id));
    domainApi.link('ext-topo', id);
    const { cookie } = await one.login(id);
    const decision = async (h: Harness) => {
      const res = await authRequest(h.faUrl, { method: 'GET', uri: '/invest' }, { Cookie: cookie! });
      return res.status === 200 ? 'allowed' : String(res.headers['x-auth-reason']);
    };
    // Each instance holds the facts in memory now.
    for (const h of [one, two, three]) expect(await decision(h)).toBe('allowed');
    one.sim.control.putInvestor(investorLike(SEEDED.verified, id, 'manual-review'));
    for (const h of [two, three]) expect(await decision(h)).toBe('allowed');
    const sent = Date.now();
    expect((await deliver(one.url, kycEvent('ext-topo'))).status).toBe(200);
    const reach: number[] = [];
    for (const h of [two, three]) {
      await waitFor('the decision changes', 10_000, async (seen) => {
        const d = await decision(h);
        seen(d);
        return d === 'kyc_required' ? d : undefined;
      });
      reach.push(Date.now() - sent);
    }
    console.log(`${name}: webhook on instance 1 to changed decisions on 2 and 3: ${reach.join(' and ')} ms`);
  });
});
