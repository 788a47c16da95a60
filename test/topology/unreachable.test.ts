import { Harness, startHarness } from '../helpers/harness';
import { freePort } from './redis-node';

/**
 * G1 for the distributed modes: with every Cluster node or every sentinel unreachable, requests
 * that need Redis still fail fast with 503 (ioredis would otherwise queue them until it connects).
 */
const harnesses: Harness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.close();
});

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const value = await fn();
  return [value, Date.now() - started];
}

test.each([
  [
    'Cluster',
    async () => ({
      REDIS_CLUSTER_NODES: `127.0.0.1:${await freePort(true)},127.0.0.1:${await freePort(true)}`,
    }),
  ],
  [
    'Sentinel',
    async () => ({
      REDIS_SENTINELS: `127.0.0.1:${await freePort(false)}`,
      REDIS_SENTINEL_NAME: 'nobody-home',
    }),
  ],
])(
  '%s with nothing reachable: /readyz and /login answer within 2 s (503, error redirect), repeatedly',
  async (_name, env) => {
    const h = await startHarness({ redisEnv: await env() });
    harnesses.push(h);
    for (let i = 0; i < 3; i++) {
      const [ready, readyMs] = await timed(() => h.get('/readyz'));
      expect(ready.status).toBe(503);
      expect(readyMs).toBeLessThan(2000);
      const [login, loginMs] = await timed(() => h.get('/login'));
      expect(login.status).toBe(303);
      expect(login.headers.location).toBe('http://app.test/?error=session_store_unavailable');
      expect(loginMs).toBeLessThan(2000);
    }
    const concurrent = await timed(() => Promise.all(Array.from({ length: 20 }, () => h.get('/login'))));
    expect(concurrent[0].map((r) => r.headers.location)).toEqual(
      Array(20).fill('http://app.test/?error=session_store_unavailable'),
    );
    expect(concurrent[1]).toBeLessThan(3000);
  },
);
