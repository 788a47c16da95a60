import type { Cluster, Redis } from 'ioredis';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../src/config';
import { createRedis } from '../../src/store';

const base = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://bff.example.com',
  SECURITIZE_CLIENT_ID: 'abc-1',
  SECURITIZE_SECRET: 'secret',
  SESSION_SECRET: 'Zq8#kP2$vL9@wX4!mN7&rT1*yB6^cF3%',
  TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.from(Array.from({ length: 32 }, (_, i) => i * 3 + 2)).toString('base64')}`,
};

const problems = (env: Record<string, string | undefined>): string[] => {
  try {
    loadConfig({ ...base, ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('Redis topology configuration', () => {
  it('reads a Sentinel set: hosts, IPv6 in brackets, the primary’s name, credentials and TLS', () => {
    const c = loadConfig({
      ...base,
      REDIS_SENTINELS: 'sentinel-a:26379, 10.0.0.2:26380,[::1]:26381',
      REDIS_SENTINEL_NAME: 'bff-primary',
      REDIS_PASSWORD: 'data-pass',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pass',
      REDIS_TLS: 'true',
      REDIS_SENTINEL_TLS: '1',
    });
    expect(c.redis).toMatchObject({
      topology: {
        mode: 'sentinel',
        name: 'bff-primary',
        sentinels: [
          { host: 'sentinel-a', port: 26379 },
          { host: '10.0.0.2', port: 26380 },
          { host: '::1', port: 26381 },
        ],
      },
      password: 'data-pass',
      sentinelPassword: 'sentinel-pass',
      tls: true,
      sentinelTls: true,
    });
  });

  it('reads a Cluster’s seed nodes', () => {
    const c = loadConfig({ ...base, REDIS_CLUSTER_NODES: 'r1:7000,r2:7001,r3:7002', REDIS_USERNAME: 'bff' });
    expect(c.redis.topology).toEqual({
      mode: 'cluster',
      nodes: [
        { host: 'r1', port: 7000 },
        { host: 'r2', port: 7001 },
        { host: 'r3', port: 7002 },
      ],
    });
    expect(c.redis).toMatchObject({ username: 'bff', tls: false });
  });

  it('a rediss:// URL means TLS', () => {
    const c = loadConfig({ ...base, REDIS_URL: 'rediss://user:pw@redis.example.com:6380' });
    expect(c.redis).toMatchObject({ topology: { mode: 'standalone' }, tls: true });
  });

  it('refuses none, or more than one, of the three ways to reach Redis', () => {
    expect(problems({}).some((p) => p.startsWith('REDIS_URL: required'))).toBe(true);
    expect(problems({ REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'r1:7000' })).toContain(
      'REDIS_URL, REDIS_CLUSTER_NODES: set only one of them',
    );
  });

  it('names every mistake, never the values (passwords may be among them)', () => {
    const secretish = 'hunter2-password';
    const list = problems({ REDIS_SENTINELS: `s1:26379,${secretish}`, REDIS_PASSWORD: secretish });
    expect(list).toEqual([
      'REDIS_SENTINELS: each entry must be host:port (entry 2 is not)',
      'REDIS_SENTINEL_NAME: required with REDIS_SENTINELS',
    ]);
    expect(JSON.stringify(list)).not.toContain(secretish);
    expect(problems({ REDIS_URL: 'redis://r:6379', REDIS_TLS: 'yes' })).toEqual([
      'REDIS_TLS: must be true or false',
    ]);
    expect(problems({ REDIS_SENTINELS: 's1:26379' })).toContain(
      'REDIS_SENTINEL_NAME: required with REDIS_SENTINELS',
    );
    expect(problems({ REDIS_CLUSTER_NODES: 'r1:70000' })).toContain(
      'REDIS_CLUSTER_NODES: each entry must be host:port (entry 1 is not)',
    );
    expect(problems({ REDIS_URL: 'redis://r:6379', REDIS_SENTINEL_NAME: 'x' })).toContain(
      'REDIS_SENTINEL_NAME: only means something with REDIS_SENTINELS',
    );
  });

  it('checks the CA file when it is given, and only with TLS', () => {
    expect(problems({ REDIS_URL: 'rediss://r:6380', REDIS_TLS_CA_FILE: '/nonexistent/ca.pem' })).toEqual([
      'REDIS_TLS_CA_FILE: not a readable file',
    ]);
    expect(problems({ REDIS_URL: 'redis://r:6379', REDIS_TLS_CA_FILE: __filename })).toEqual([
      'REDIS_TLS_CA_FILE: only means something with REDIS_TLS, REDIS_SENTINEL_TLS or a rediss:// URL',
    ]);
    expect(problems({ REDIS_URL: 'rediss://r:6380', REDIS_TLS_CA_FILE: __filename })).toEqual([]);
    expect(problems({ REDIS_URL: 'redis://r:6379', REDIS_SENTINEL_PASSWORD: 'x' })).toEqual([
      'REDIS_SENTINEL_PASSWORD: only means something with REDIS_SENTINELS',
    ]);
  });
});

describe('the ioredis options built from it', () => {
  const silent = pino({ level: 'silent' });

  it('Sentinel with REDIS_TLS: TLS to the primary; to the sentinels only with REDIS_SENTINEL_TLS', () => {
    const env = { REDIS_SENTINELS: '127.0.0.1:1', REDIS_SENTINEL_NAME: 'm', REDIS_TLS: 'true' };
    const plainSentinels = createRedis(loadConfig({ ...base, ...env }).redis, silent) as Redis;
    const tlsSentinels = createRedis(
      loadConfig({ ...base, ...env, REDIS_SENTINEL_TLS: 'true' }).redis,
      silent,
    ) as Redis;
    try {
      expect(plainSentinels.options).toMatchObject({ enableTLSForSentinelMode: true, tls: {} });
      expect(plainSentinels.options.sentinelTLS).toBeUndefined();
      expect(tlsSentinels.options).toMatchObject({ enableTLSForSentinelMode: true, sentinelTLS: {} });
    } finally {
      plainSentinels.disconnect();
      tlsSentinels.disconnect();
    }
  });

  it('Cluster: no offline queue (no command may wait without a deadline), the command timeout on every node', () => {
    const cluster = createRedis(
      loadConfig({ ...base, REDIS_CLUSTER_NODES: '127.0.0.1:1', REDIS_PASSWORD: 'pw' }).redis,
      silent,
    ) as Cluster;
    try {
      expect(cluster.options.enableOfflineQueue).toBe(false);
      expect(cluster.options.redisOptions).toMatchObject({ commandTimeout: 500, password: 'pw' });
    } finally {
      cluster.disconnect();
    }
  });
});
