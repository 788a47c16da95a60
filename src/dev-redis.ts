import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Development only: with no REDIS_URL, `npm run dev` runs a private, throwaway redis-server on a
 * unix socket (nothing on disk, nothing shared), so development uses real Redis semantics.
 */
export async function startDevRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-dev-redis-'));
  const socket = path.join(dir, 'redis.sock');
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
  const proc = spawn('redis-server', [...args, '--dir', dir], { stdio: 'ignore' });
  // A child is not ended with its parent: make sure it is, however this process exits.
  process.once('exit', () => proc.kill('SIGTERM'));
  const failed = new Promise<never>((_, reject) =>
    proc.once('error', () =>
      reject(new Error('No REDIS_URL set and redis-server is not installed: install it or set REDIS_URL.')),
    ),
  );
  for (let i = 0; i < 100 && !existsSync(socket); i++) await Promise.race([failed, sleep(20)]);
  if (!existsSync(socket)) throw new Error('the development redis-server did not start');
  return {
    url: `unix://${socket}`,
    async stop() {
      proc.kill('SIGTERM');
      await sleep(50);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
