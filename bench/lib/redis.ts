import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';

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
 * Our own redis-server on a unix socket in a temporary folder (port 0: no TCP at all), so the
 * benchmark never touches a Redis on 6379 and every byte in it is ours. No persistence.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-bench-redis-'));
  const socket = path.join(dir, 'redis.sock');
  const args = ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', ''];
  args.push('--appendonly', 'no', '--dir', dir, '--loglevel', 'warning');
  const proc = spawn('redis-server', args, { stdio: 'ignore' });
  current = proc;
  const failed = new Promise<never>((_, reject) =>
    proc.once('error', (e) => reject(new Error(`redis-server could not start: ${e.message}`))),
  );
  const deadline = Date.now() + 5000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline) throw new Error('redis-server did not create its socket within 5 s');
    await Promise.race([failed, new Promise((r) => setTimeout(r, 20))]);
  }
  // The socket file appears at bind(), a moment before Redis accepts; ioredis retries until then.
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
