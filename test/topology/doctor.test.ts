import { runDoctor } from '../../src/doctor';
import { startCluster, startSentinelGroup } from './topology';

/** What the doctor needs besides Redis; Securitize is left unreachable, only Redis is asserted. */
const rest = {
  SECURITIZE_CLIENT_ID: '3d7e1f0a-5b2c-4e8d-9a61-7c0b2f4e9d15',
  SECURITIZE_SECRET: 'topology-doctor-secret',
  SECURITIZE_API_URL: 'http://127.0.0.1:1',
  SECURITIZE_LOGIN_URL: 'http://127.0.0.1:1',
  SESSION_SECRET: 'k3J9x-Qp2LmZ8vB4nR7tW1yC6hD0fG5s',
  TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
};
const redisChecks = async (env: Record<string, string>) =>
  Object.fromEntries(
    (await runDoctor({ ...rest, ...env }, { timeoutMs: 3000 })).checks
      .filter((c) => c.id.startsWith('redis.'))
      .map((c) => [c.id, `${c.status} ${c.detail}`]),
  );

test('npm run doctor on a Redis Cluster: reached through the configured nodes, its primaries counted', async () => {
  const cluster = await startCluster();
  try {
    const nodes = cluster.startupNodes.map((n) => `${n.host}:${n.port}`).join(',');
    const checks = await redisChecks({ REDIS_CLUSTER_NODES: nodes });
    expect(checks['redis.reach']).toMatch(/^ok the Redis Cluster at .* answers, version \d/);
    expect(checks['redis.topology']).toBe('ok Cluster, 3 primary node(s)');
    expect(checks['redis.eviction']).toMatch(/^ok maxmemory-policy noeviction/);
    // One node named as REDIS_URL: the doctor says to list the nodes instead.
    const one = await redisChecks({
      REDIS_URL: `redis://${cluster.startupNodes[0]!.host}:${cluster.startupNodes[0]!.port}`,
    });
    expect(one['redis.topology']).toBe('fail REDIS_URL names one node of a Redis Cluster');
  } finally {
    await cluster.stop();
  }
});

test('npm run doctor with Sentinel: the primary found through the sentinels', async () => {
  const group = await startSentinelGroup();
  try {
    const checks = await redisChecks({
      REDIS_SENTINELS: group.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
      REDIS_SENTINEL_NAME: group.masterName,
    });
    expect(checks['redis.reach']).toMatch(/^ok the primary "bffmaster" of the sentinels at .* answers/);
    expect(checks['redis.topology']).toBe(
      `ok Sentinel, primary "bffmaster" via ${group.sentinels.length} sentinel(s), role master`,
    );
    expect(checks['redis.persistence']).toMatch(/^warn nothing persists/);
  } finally {
    await group.stop();
  }
});
