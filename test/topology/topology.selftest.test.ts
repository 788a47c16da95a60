import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Cluster, Redis } from 'ioredis';
import { startCluster, startRoundRobinProxy, startSentinelGroup } from './topology';

const timings: string[] = [];
afterAll(() => console.log(`topology timings: ${timings.join(', ')}`));

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('cluster: 3 primaries + 3 replicas, keys across slots, primary failover', async () => {
  let t = Date.now();
  const cluster = await startCluster({ replicasPerPrimary: 1 });
  timings.push(`cluster startup ${Date.now() - t} ms`);
  const client = new Cluster(cluster.startupNodes, { clusterRetryStrategy: () => 100 });
  try {
    expect(cluster.nodes.filter((n) => n.role === 'primary')).toHaveLength(3);
    expect(cluster.nodes.filter((n) => n.role === 'replica')).toHaveLength(3);
    const keys = Array.from({ length: 30 }, (_, i) => `topology:key:${i}`);
    for (const k of keys) await client.set(k, `v-${k}`);
    for (const k of keys) expect(await client.get(k)).toBe(`v-${k}`);
    const sizes = await Promise.all(client.nodes('master').map((n) => n.dbsize()));
    expect(sizes.filter((s) => s > 0)).toHaveLength(3); // every primary holds some of the keys

    const victim = cluster.nodes.find((n) => n.role === 'primary')!;
    await cluster.kill(victim.port);
    const { ms } = await cluster.waitForFailover(victim.port);
    timings.push(`cluster failover ${ms} ms`);
    // Replication is asynchronous, so the keys are not asserted after failover; the cluster serves all slots.
    t = Date.now();
    for (const k of keys) await client.set(k, 'after');
    timings.push(`cluster client writes all slots again ${Date.now() - t} ms later`);
  } finally {
    client.disconnect();
    await cluster.stop();
  }
  expect(cluster.nodes.filter((n) => isRunning(n.pid))).toEqual([]);
});

test('sentinel: 1 primary, 1 replica, 3 sentinels; failover keeps a replicated key', async () => {
  let t = Date.now();
  const group = await startSentinelGroup();
  timings.push(`sentinel startup ${Date.now() - t} ms`);
  const client = new Redis({ sentinels: group.sentinels, name: group.masterName, retryStrategy: () => 100 });
  client.on('error', () => undefined);
  try {
    await client.set('topology:sentinel', 'kept');
    expect(await client.call('WAIT', '1', '1000')).toBe(1);

    const old = await group.killPrimary();
    const next = await group.waitForFailover(old, 20000);
    timings.push(`sentinel failover ${next.ms} ms`);
    expect(next.port).not.toBe(old.port);
    expect(await group.primary()).toEqual({ host: next.host, port: next.port });

    t = Date.now();
    expect(await client.get('topology:sentinel')).toBe('kept');
    expect(await client.info('server')).toContain(`tcp_port:${next.port}`);
    timings.push(`sentinel client read ${Date.now() - t} ms after failover`);
  } finally {
    client.disconnect();
    await group.stop();
  }
});

test('round-robin proxy: each request to the next target, cookies and body pass through', async () => {
  const servers = await Promise.all(
    ['a', 'b'].map(async (name) => {
      const s = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c));
        req.on('end', () => {
          res.setHeader('set-cookie', [`from=${name}; Path=/`, `second=${name}2; HttpOnly`]);
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ name, method: req.method, url: req.url, cookie: req.headers.cookie, body }),
          );
        });
      });
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      return s;
    }),
  );
  const targets = servers.map((s) => ({ host: '127.0.0.1', port: (s.address() as AddressInfo).port }));
  const proxy = await startRoundRobinProxy(targets);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 }); // one connection, four requests
  try {
    const send = (i: number) =>
      new Promise<{ status?: number; cookies?: string[]; json: Record<string, string> }>(
        (resolve, reject) => {
          const req = http.request(
            {
              port: proxy.port,
              method: 'POST',
              path: `/p/${i}?q=1`,
              agent,
              headers: { cookie: 'sid=abc; x=1' },
            },
            (res) => {
              let text = '';
              res.on('data', (c: Buffer) => (text += c));
              res.on('end', () =>
                resolve({
                  status: res.statusCode,
                  cookies: res.headers['set-cookie'],
                  json: JSON.parse(text),
                }),
              );
            },
          );
          req.on('error', reject);
          req.end(`body-${i}`);
        },
      );
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await send(i));
    expect(proxy.counts).toEqual([2, 2]);
    expect(replies.map((r) => r.json.name)).toEqual(['a', 'b', 'a', 'b']);
    replies.forEach((r, i) => {
      expect(r.status).toBe(201);
      expect(r.cookies).toEqual([`from=${r.json.name}; Path=/`, `second=${r.json.name}2; HttpOnly`]);
      expect(r.json).toMatchObject({
        method: 'POST',
        url: `/p/${i}?q=1`,
        cookie: 'sid=abc; x=1',
        body: `body-${i}`,
      });
    });
  } finally {
    agent.destroy();
    await proxy.stop();
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
});
