import Redis, { Cluster } from 'ioredis';
import { ClusterTopology, startCluster } from './topology';
import { bffTopologySuite, sessionsOn } from './suite';

/** Three primaries with a replica each (Debian's redis-server, `redis-cli --cluster create`). */
bffTopologySuite('Cluster', async () => {
  const cluster: ClusterTopology = await startCluster({ primaries: 3, replicasPerPrimary: 1 });
  const admin = new Cluster(cluster.startupNodes, { clusterRetryStrategy: () => 100 });
  admin.on('error', () => undefined);
  const killed = new Set<number>();
  const primaries = async () => {
    const nodes = String(await admin.cluster('NODES'))
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    return nodes
      .filter((f) => f[2]!.includes('master') && !f[2]!.includes('fail') && f.length > 8)
      .map((f) => ({ host: f[1]!.split(':')[0]!, port: Number(f[1]!.split(':')[1]!.split('@')[0]) }))
      .filter((p) => !killed.has(p.port));
  };
  return {
    redisEnv: { REDIS_CLUSTER_NODES: cluster.startupNodes.map((n) => `${n.host}:${n.port}`).join(',') },
    exists: async (key) => (await admin.exists(key)) === 1,
    primaries,
    async killPrimary(sids) {
      let best = { port: 0, count: -1 };
      for (const p of await primaries()) {
        const node = new Redis({ host: p.host, port: p.port, maxRetriesPerRequest: 0 });
        const count = await sessionsOn(node, sids).finally(() => node.disconnect());
        if (count > best.count) best = { port: p.port, count };
      }
      killed.add(best.port);
      await cluster.kill(best.port);
    },
    async killAll() {
      for (const n of cluster.nodes) await cluster.kill(n.port);
    },
    async stop() {
      admin.disconnect();
      await cluster.stop();
    },
  };
});
