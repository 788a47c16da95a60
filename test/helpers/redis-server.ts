import { ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';

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

async function spawnRedis(dir: string, socket: string): Promise<ChildProcess> {
  const args = [
    '--port',
    '0',
    '--unixsocket',
    socket,
    '--unixsocketperm',
    '700',
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  args.push('--dir', dir, '--enable-debug-command', 'local', '--loglevel', 'warning');
  const proc = spawn('redis-server', args, { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => {
    proc.once('error', (e) =>
      reject(new Error(`redis-server could not start (is it installed?): ${e.message}`)),
    );
  });
  const deadline = Date.now() + 5000;
  // The socket file appears at bind(), a moment before Redis accepts: wait for a real PONG.
  while (!existsSync(socket) || !(await pong(socket))) {
    if (Date.now() > deadline) throw new Error('redis-server did not answer PING within 5 s');
    await Promise.race([failed, new Promise((r) => setTimeout(r, 10))]);
  }
  return proc;
}

function pong(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection(socket);
    const done = (ok: boolean) => {
      c.destroy();
      resolve(ok);
    };
    c.setTimeout(500, () => done(false));
    c.once('error', () => done(false));
    c.once('data', (d) => done(d.toString().startsWith('+PONG')));
    c.once('connect', () => c.write('PING\r\n'));
  });
}
