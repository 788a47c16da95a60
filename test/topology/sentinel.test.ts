import Redis from 'ioredis';
import { startSentinelGroup } from './topology';
import { bffTopologySuite } from './suite';

/** A primary, one replica and three sentinels (Debian's redis-server, in sentinel mode for the three). */
bffTopologySuite('Sentinel', async () => {
  const group = await startSentinelGroup({ masterName: 'bffmaster', sentinels: 3 });
  const admin = new Redis({ sentinels: group.sentinels, name: group.masterName, retryStrategy: () => 100 });
  admin.on('error', () => undefined);
  return {
    redisEnv: {
      REDIS_SENTINELS: group.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
      REDIS_SENTINEL_NAME: group.masterName,
    },
    exists: async (key) => (await admin.exists(key)) === 1,
    primaries: async () => [await group.primary()],
    async killPrimary() {
      await group.killPrimary('SIGKILL');
    },
    killAll: () => group.stop(),
    async stop() {
      admin.disconnect();
      await group.stop();
    },
  };
});
