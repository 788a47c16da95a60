import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { SEEDED } from '../../src/simulator';
import { sidOf } from '../helpers/harness';
import { api, loadThroughFailover, logins, Pair, startPair, waitReplicated, WEEK } from './bff-on-topology';
import type { Addr } from './topology';

export interface Topology {
  /** The BFF's REDIS_* variables for this topology. */
  redisEnv: Record<string, string>;
  /** Whether a key exists, asked of the topology itself (not through the BFF). */
  exists(key: string): Promise<boolean>;
  /** The primaries as they are now. */
  primaries(): Promise<Addr[]>;
  /** SIGKILLs the primary holding the most of these sessions; resolves once it is dead. */
  killPrimary(sids: string[]): Promise<void>;
  /** SIGKILLs every Redis process of the topology. */
  killAll(): Promise<void>;
  stop(): Promise<void>;
}

/** How many of `sids` a primary holds (SCAN is node-local on a Cluster node). */
export async function sessionsOn(node: Redis, sids: string[]): Promise<number> {
  const wanted = new Set(sids.map((s) => `sess:${s}`));
  let cursor = '0';
  let found = 0;
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', 'sess:*', 'COUNT', 1000);
    cursor = next;
    found += keys.filter((k) => wanted.has(k)).length;
  } while (cursor !== '0');
  return found;
}

/**
 * The BFF on a real Redis topology, through two instances: login round trip, API, logout, log out
 * everywhere, the refresh storm, and (last, because it kills a primary) failover under load.
 */
export function bffTopologySuite(name: string, start: () => Promise<Topology>): void {
  let topo: Topology;
  let pair: Pair;
  beforeAll(async () => {
    topo = await start();
    pair = await startPair(topo.redisEnv);
  }, 90_000);
  afterAll(async () => {
    await pair?.close();
    await topo?.stop();
  });
  const refreshes = () => pair.a.sim.control.stats().refreshes;

  test(`${name}: login through one instance, the API through the other, logout`, async () => {
    const { a, b } = pair;
    const { cookie } = await a.login(SEEDED.verified);
    const sid = sidOf(cookie!);
    expect(await topo.exists(`sess:${sid}`)).toBe(true);
    const me = await api(b, '/api/me', cookie!);
    expect(me.status).toBe(200);
    expect(me.body.investorId).toBe(SEEDED.verified);
    const investor = await api(a, '/api/investor', cookie!);
    expect(investor.status).toBe(200);
    expect(investor.body.investorId).toBe(SEEDED.verified);
    const sessions = await api(b, '/api/sessions', cookie!);
    expect(sessions.body.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect((await b.post('/logout', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(204);
    expect((await api(a, '/api/me', cookie!)).status).toBe(401);
    expect(await topo.exists(`sess:${sid}`)).toBe(false);
  });

  test(`${name}: log out everywhere ends sessions stored in different hash slots`, async () => {
    const { a, b } = pair;
    const cookies: string[] = [];
    for (let i = 0; i < 4; i++) cookies.push((await a.login(SEEDED.manualReview)).cookie!);
    expect((await b.post('/logout?scope=all', { Cookie: cookies[0]!, 'X-CSRF': '1' })).status).toBe(204);
    for (const c of cookies) {
      expect((await api(a, '/api/me', c)).status).toBe(401);
      expect(await topo.exists(`sess:${sidOf(c)}`)).toBe(false);
    }
  });

  test.each([1, 2, 3])(
    `${name}: refresh storm %i: 100 concurrent calls with an expired token over two instances, one refresh`,
    async () => {
      const { a, b } = pair;
      const { cookie } = await a.login(SEEDED.entity);
      pair.advance(WEEK + 60_000);
      const before = refreshes();
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => api(i % 2 ? b : a, '/api/investor', cookie!)),
      );
      expect(results.map((r) => r.status)).toEqual(Array(100).fill(200));
      expect(refreshes() - before).toBe(1);
      expect(a.sim.control.stats().refreshTokenReuse).toBe(0);
    },
  );

  test(`${name}: primary killed under load: fast 503s, no hang; replicated sessions work afterwards, no restart`, async () => {
    const cookies = await logins(pair.a, 12);
    await waitReplicated(await topo.primaries());
    const { report } = await loadThroughFailover(pair, cookies, () => topo.killPrimary(cookies.map(sidOf)));
    const dir = path.join(__dirname, '..', '..', 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `failover-${name.toLowerCase()}.json`), JSON.stringify(report, null, 2));
    console.log(`${name} failover: ${JSON.stringify(report)}`);
    // Only 200s and 503s (a request that hung past 5 s would be status 0), and the kill did bite.
    for (const status of Object.keys(report.byStatus)) expect(['200', '503']).toContain(status);
    expect(report.byStatus['503'] ?? 0).toBeGreaterThan(0);
    expect(report.slowest503Ms).toBeLessThan(2000);
    expect(report.slowestMs).toBeLessThan(3000);
    expect(report.recoveredMs).toBeGreaterThan(0);
    expect(report.sessionsLost).toBe(0);
    // And the sessions still refresh afterwards, once.
    pair.advance(WEEK + 60_000);
    const before = refreshes();
    const after = await Promise.all(cookies.map((c, i) => api(i % 2 ? pair.b : pair.a, '/api/investor', c)));
    expect(after.map((r) => r.status)).toEqual(Array(cookies.length).fill(200));
    expect(refreshes() - before).toBe(cookies.length);
  }, 60_000);

  test(`${name}: every Redis process killed: 503 within 2 s, again and again, never a hang`, async () => {
    const [cookie] = await logins(pair.a, 1);
    await topo.killAll();
    for (let i = 0; i < 3; i++)
      for (const h of [pair.a, pair.b]) {
        const started = Date.now();
        const me = await api(h, '/api/me', cookie!);
        expect([me.status, me.body.error]).toEqual([503, 'session_store_unavailable']);
        expect(Date.now() - started).toBeLessThan(2000);
        const login = await h.get('/login');
        expect(login.headers.location).toBe('http://app.test/?error=session_store_unavailable');
      }
  }, 60_000);
}
