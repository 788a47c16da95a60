import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';

/**
 * The one way this project starts a private redis-server: on a unix socket in a folder of its own
 * (port 0, nothing on disk, never a shared Redis), resolved once it answers PING. The development
 * server (`npm run dev` without REDIS_URL) and the tests both use it.
 */
export async function spawnRedisServer(
  dir: string,
  socket: string,
  extraArgs: string[] = [],
): Promise<ChildProcess> {
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
  const proc = spawn('redis-server', [...args, '--dir', dir, ...extraArgs], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) =>
    proc.once('error', () =>
      reject(
        new Error(
          'redis-server could not be started: install it (apt-get install redis-server), or set REDIS_URL.',
        ),
      ),
    ),
  );
  failed.catch(() => undefined);
  const deadline = Date.now() + 5000;
  // The socket file appears at bind(), a moment before Redis accepts: wait for a real PONG.
  while (!existsSync(socket) || !(await pong(socket))) {
    if (proc.exitCode !== null) throw new Error(`redis-server exited at start (code ${proc.exitCode})`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error('redis-server did not answer PING within 5 s');
    }
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
