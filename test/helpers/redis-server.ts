import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { spawnRedisServer } from '../../src/dev/redis-server';

/**
 * A private redis-server child on a unix socket, one per test file: never the shared Redis on
 * 6379, never a mock. Fault tests kill, freeze (SIGSTOP) and restart it.
 */
export interface RedisChild {
  socket: string;
  url: string;
  /** A separate admin connection, for assertions on what is stored. */
  admin: Redis;
  freeze(): void;
  thaw(): void;
  kill(): Promise<void>;
  /** Starts it again on the same socket, empty (no persistence). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisChild> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-redis-'));
  const socket = path.join(dir, 'redis.sock');
  let proc: ChildProcess = await spawnRedis(dir, socket);
  const admin = new Redis({
    path: socket,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 50,
    lazyConnect: true,
  });
  admin.on('error', () => undefined);
  await admin.connect();

  const kill = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
    rmSync(socket, { force: true });
  };
  return {
    socket,
    url: `unix://${socket}`,
    admin,
    freeze: () => proc.kill('SIGSTOP'),
    thaw: () => proc.kill('SIGCONT'),
    kill,
    async restart() {
      await kill();
      proc = await spawnRedis(dir, socket);
    },
    async close() {
      admin.disconnect();
      proc.kill('SIGCONT');
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const spawnRedis = (dir: string, socket: string) =>
  spawnRedisServer(dir, socket, ['--enable-debug-command', 'local', '--loglevel', 'warning']);
