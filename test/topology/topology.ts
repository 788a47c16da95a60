import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Addr,
  cmd1,
  HOST,
  info,
  pairs,
  parseInfo,
  RedisNode,
  redisCli,
  startNode,
  trackTempDir,
  waitFor,
} from './redis-node';

export { startRoundRobinProxy } from './round-robin-proxy';
export type { Addr } from './redis-node';

/**
 * Real Redis topologies for tests, from the system's redis-server 7 binaries: each node a child
 * process on a free 127.0.0.1 port with its own temp dir and config. No persistence. Children are
 * killed by stop(), on process exit, and (via setpriv --pdeathsig) if this process dies.
 */
const READY_MS = 20000;
const DATA_NODE = ['appendonly no', 'save ""', 'repl-diskless-sync-delay 0', 'loglevel notice'];

export interface ClusterTopology {
  /** As created; `role` is a snapshot and is not updated after a failover. */
  nodes: { host: string; port: number; pid: number; role: 'primary' | 'replica' }[];
  startupNodes: Addr[];
  /** Signals one node (default SIGKILL); resolves once it has exited (at once for SIGSTOP/SIGCONT). */
  kill(port: number, signal?: NodeJS.Signals): Promise<void>;
  /** After kill(port) of a primary: resolves when every live node sees it failed and all slots are
   * served again (needs a replica); ms is counted from the kill. */
  waitForFailover(killedPort: number, timeoutMs?: number): Promise<{ ms: number }>;
  stop(): Promise<void>;
}

export async function startCluster(
  opts: { primaries?: number; replicasPerPrimary?: number } = {},
): Promise<ClusterTopology> {
  const { primaries = 3, replicasPerPrimary = 0 } = opts;
  if (primaries < 3) throw new Error('startCluster: redis-cli --cluster create needs at least 3 primaries');
  const root = mkdtempSync(path.join(tmpdir(), 'bff-cluster-'));
  const removeRoot = trackTempDir(root);
  const started: RedisNode[] = [];
  const killedAt = new Map<number, number>();
  const stop = async () => {
    await Promise.all(started.map((n) => n.signal('SIGCONT').then(() => n.signal('SIGKILL'))));
    removeRoot();
  };
  try {
    const count = primaries * (1 + replicasPerPrimary);
    const config = (port: number) => [
      ...DATA_NODE,
      'cluster-enabled yes',
      `cluster-config-file nodes-${port}.conf`,
      'cluster-node-timeout 1000',
      'cluster-replica-validity-factor 0',
    ];
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        startNode(path.join(root, `node-${i}`), config, { bus: true }).then((n) => started.push(n)),
      ),
    );
    const addrs = started.map((n) => `${HOST}:${n.port}`);
    const args = ['--cluster', 'create', ...addrs, '--cluster-replicas', String(replicasPerPrimary)];
    await redisCli([...args, '--cluster-yes'], READY_MS);
    await Promise.all(started.map((n) => waitClusterOk(n, count, READY_MS)));
    const nodes = await Promise.all(
      started.map(async (n) => {
        const role = (await info(n.port, 'replication')).role === 'master' ? 'primary' : 'replica';
        if (role === 'replica') await waitLinkUp(n.port, READY_MS);
        return { host: n.host, port: n.port, pid: n.pid, role } as const;
      }),
    );
    const byPort = (port: number) => {
      const n = started.find((s) => s.port === port);
      if (!n) throw new Error(`cluster has no node on port ${port}`);
      return n;
    };
    return {
      nodes,
      startupNodes: started.map((n) => ({ host: n.host, port: n.port })),
      async kill(port, signal = 'SIGKILL') {
        killedAt.set(port, Date.now());
        await byPort(port).signal(signal);
      },
      async waitForFailover(killedPort, timeoutMs = READY_MS) {
        const start = killedAt.get(killedPort) ?? Date.now();
        const live = started.filter((n) => n.alive() && n.port !== killedPort);
        await Promise.all(live.map((n) => waitFailedOver(n, killedPort, timeoutMs)));
        return { ms: Date.now() - start };
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

function waitClusterOk(n: RedisNode, count: number, timeoutMs: number) {
  return waitFor(`cluster node :${n.port} state ok, 16384 slots, ${count} nodes`, timeoutMs, async (seen) => {
    const i = await clusterInfo(n.port);
    seen(`state=${i.cluster_state} slots_ok=${i.cluster_slots_ok} known=${i.cluster_known_nodes}`);
    const ok = i.cluster_state === 'ok' && i.cluster_slots_ok === '16384';
    return ok && i.cluster_slots_assigned === '16384' && i.cluster_known_nodes === String(count)
      ? i
      : undefined;
  });
}

async function clusterInfo(port: number) {
  return parseInfo(String(await cmd1(port, 'CLUSTER', 'INFO')));
}

function waitFailedOver(n: RedisNode, killedPort: number, timeoutMs: number) {
  return waitFor(`cluster node :${n.port} failing over :${killedPort}`, timeoutMs, async (seen) => {
    const lines = String(await cmd1(n.port, 'CLUSTER', 'NODES'))
      .trim()
      .split('\n');
    const dead = lines.find((l) => l.split(' ')[1]?.startsWith(`${HOST}:${killedPort}@`))?.split(' ');
    const i = await clusterInfo(n.port);
    seen(`killed node flags=${dead?.[2]} slots=${dead?.slice(8).join(',')} state=${i.cluster_state}`);
    const failed = !!dead && dead[2]!.split(',').includes('fail') && dead.length <= 8;
    return failed && i.cluster_state === 'ok' && i.cluster_slots_ok === '16384' ? true : undefined;
  });
}

function waitLinkUp(port: number, timeoutMs: number) {
  return waitFor(`replica :${port} master_link_status:up`, timeoutMs, async (seen) => {
    const r = await info(port, 'replication');
    seen(`role=${r.role} master_link_status=${r.master_link_status}`);
    return r.master_link_status === 'up' ? true : undefined;
  });
}

export interface SentinelTopology {
  masterName: string;
  sentinels: Addr[];
  /** The current primary, as the first answering sentinel reports it. */
  primary(): Promise<Addr>;
  /** Signals the current primary (default SIGKILL; waits for exit) and returns its address. */
  killPrimary(signal?: NodeJS.Signals): Promise<Addr>;
  /** Resolves when every live sentinel reports the same new primary and it answers ROLE master;
   * ms is counted from killPrimary() when `oldPrimary` is what it killed, else from this call. */
  waitForFailover(oldPrimary: Addr, timeoutMs?: number): Promise<Addr & { ms: number }>;
  stop(): Promise<void>;
}

export async function startSentinelGroup(
  opts: { masterName?: string; sentinels?: number } = {},
): Promise<SentinelTopology> {
  const { masterName = 'bffmaster', sentinels: count = 3 } = opts;
  const root = mkdtempSync(path.join(tmpdir(), 'bff-sentinel-'));
  const removeRoot = trackTempDir(root);
  const data: RedisNode[] = [];
  const sentinels: RedisNode[] = [];
  const stop = async () => {
    for (const group of [sentinels, data])
      await Promise.all(group.map((n) => n.signal('SIGCONT').then(() => n.signal('SIGKILL'))));
    removeRoot();
  };
  try {
    const primary = await startNode(path.join(root, 'primary'), () => DATA_NODE);
    data.push(primary);
    const replicaOf = [...DATA_NODE, `replicaof ${HOST} ${primary.port}`];
    const replica = await startNode(path.join(root, 'replica'), () => replicaOf);
    data.push(replica);
    await waitLinkUp(replica.port, READY_MS);
    const m = masterName;
    const sentinelConf = [
      'sentinel resolve-hostnames no',
      `sentinel monitor ${m} ${HOST} ${primary.port} ${Math.min(2, count)}`,
      `sentinel down-after-milliseconds ${m} 1000`,
      `sentinel failover-timeout ${m} 5000`,
      `sentinel parallel-syncs ${m} 1`,
    ];
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        startNode(path.join(root, `sentinel-${i}`), () => sentinelConf, { sentinel: true }).then((s) =>
          sentinels.push(s),
        ),
      ),
    );
    await Promise.all(sentinels.map((s) => waitSentinelReady(s, m, count, replica.port)));

    let killed: { port: number; at: number } | undefined;
    const askPrimary = async (): Promise<Addr> => {
      const errors: string[] = [];
      for (const s of sentinels.filter((x) => x.alive())) {
        try {
          const [host, port] = (await cmd1(s.port, 'SENTINEL', 'get-master-addr-by-name', m)) as string[];
          return { host: host!, port: Number(port) };
        } catch (e) {
          errors.push(`sentinel :${s.port}: ${(e as Error).message}`);
        }
      }
      throw new Error(`no sentinel answered get-master-addr-by-name ${m}: ${errors.join('; ')}`);
    };
    return {
      masterName: m,
      sentinels: sentinels.map((s) => ({ host: s.host, port: s.port })),
      primary: askPrimary,
      async killPrimary(signal = 'SIGKILL') {
        const addr = await askPrimary();
        const node = data.find((n) => n.port === addr.port);
        if (!node) throw new Error(`sentinels name ${addr.host}:${addr.port}, which is not in this group`);
        killed = { port: addr.port, at: Date.now() };
        await node.signal(signal);
        return addr;
      },
      async waitForFailover(old, timeoutMs = READY_MS) {
        const start = killed?.port === old.port ? killed.at : Date.now();
        const next = await waitFor(`sentinels failing over from :${old.port}`, timeoutMs, async (seen) => {
          const answers = await Promise.all(
            sentinels
              .filter((s) => s.alive())
              .map(async (s) => (await cmd1(s.port, 'SENTINEL', 'get-master-addr-by-name', m)) as string[]),
          );
          const ports = new Set(answers.map((a) => Number(a[1])));
          seen(`sentinels report ports ${[...ports].join(',')}`);
          const [port] = [...ports];
          if (ports.size !== 1 || port === old.port) return undefined;
          const role = (await info(port!, 'replication')).role;
          seen(`all sentinels report :${port}, which has role ${role}`);
          return role === 'master' ? port : undefined;
        });
        return { host: HOST, port: next, ms: Date.now() - start };
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

function waitSentinelReady(s: RedisNode, name: string, count: number, replicaPort: number) {
  return waitFor(
    `sentinel :${s.port} sees master ${name}, ${count - 1} others, replica :${replicaPort}`,
    READY_MS,
    async (seen) => {
      const master = pairs(await cmd1(s.port, 'SENTINEL', 'MASTER', name));
      const replicas = ((await cmd1(s.port, 'SENTINEL', 'REPLICAS', name)) as unknown[]).map(pairs);
      const r = replicas.find((x) => x.port === String(replicaPort));
      seen(
        `flags=${master.flags} num-other-sentinels=${master['num-other-sentinels']} replica flags=${r?.flags}`,
      );
      const ok = master.flags === 'master' && master['num-other-sentinels'] === String(count - 1);
      return ok && r?.flags === 'slave' ? true : undefined;
    },
  );
}
