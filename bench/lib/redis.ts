import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { spawnRedisServer } from '../../src/dev/redis-server';

export interface PrivateRedis {
  pid: number;
  socket: string;
  url: string;
  /** An admin connection for INFO, MEMORY USAGE, SCAN and FLUSHALL; never used by a server. */
  admin: Redis;
  /** used_memory from INFO memory, in bytes. */
  usedMemory(): Promise<number>;
  /** INFO memory's numeric fields, in bytes. */
  memoryInfo(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

let current: ChildProcess | undefined;

/**
 * Our own redis-server on a unix socket in a temporary folder (port 0: no TCP at all), started the
 * one way the project starts one (src/dev/redis-server.ts), so the benchmark never touches a Redis
 * on 6379 and every byte in it is ours. No persistence.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-bench-redis-'));
  const socket = path.join(dir, 'redis.sock');
  const proc = await spawnRedisServer(dir, socket, ['--loglevel', 'warning']);
  current = proc;
  const admin = new Redis({ path: socket, maxRetriesPerRequest: 20, retryStrategy: () => 20 });
  admin.on('error', () => undefined);
  await admin.ping();
  return {
    pid: proc.pid!,
    socket,
    url: `unix://${socket}`,
    admin,
    async usedMemory() {
      const info = await admin.info('memory');
      return Number(/^used_memory:(\d+)/m.exec(info)![1]);
    },
    async memoryInfo() {
      const info = await admin.info('memory');
      const fields = [...info.matchAll(/^(\w+):(\d+)\r?$/gm)].map((m) => [m[1]!, Number(m[2])] as const);
      return Object.fromEntries(fields);
    },
    async close() {
      admin.disconnect();
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      current = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Lets Redis's once-a-second client cron shrink idle clients' buffers before used_memory is read. */
export const settle = () => new Promise((r) => setTimeout(r, 2500));

/** `MEMORY USAGE` of one key, every element counted (SAMPLES 0). */
export const memoryUsage = async (redis: Redis, key: string) =>
  Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));

export function killRedisNow(): void {
  if (current?.exitCode === null) current.kill('SIGKILL');
}
