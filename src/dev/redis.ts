import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnRedisServer } from './redis-server';

export interface DevRedisEvents {
  /** It died and was started again (its sessions are gone: it keeps nothing on disk). */
  restarted(message: string): void;
  /** It keeps dying: the development server should stop with this message. */
  gaveUp(message: string): void;
}

const MAX_RESTARTS_A_MINUTE = 3;

/**
 * Development only: with no REDIS_URL, `npm run dev` runs a private, throwaway redis-server on a
 * unix socket (nothing on disk, nothing shared), so development uses real Redis semantics. If it
 * dies, it is started again on the same socket; if it keeps dying, the server is told to stop.
 */
export async function startDevRedis(
  events?: DevRedisEvents,
): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-dev-redis-'));
  const socket = path.join(dir, 'redis.sock');
  let stopping = false;
  let proc: ChildProcess;
  const restarts: number[] = [];

  const launch = async (): Promise<void> => {
    proc = await spawnRedisServer(dir, socket);
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      const why = signal ?? `code ${code}`;
      const now = Date.now();
      restarts.push(now);
      while (restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length > MAX_RESTARTS_A_MINUTE) {
        events?.gaveUp(`the development redis-server keeps exiting (last: ${why}); stopping`);
        return;
      }
      rmSync(socket, { force: true });
      launch().then(
        () =>
          events?.restarted(
            `the development redis-server exited (${why}) and was started again; sessions were lost`,
          ),
        (err: Error) =>
          events?.gaveUp(
            `the development redis-server exited (${why}) and could not be restarted: ${err.message}`,
          ),
      );
    });
  };
  // A child is not ended with its parent: make sure it is, however this process exits.
  process.once('exit', () => proc?.kill('SIGTERM'));
  try {
    await launch();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `unix://${socket}`,
    async stop() {
      stopping = true;
      proc.kill('SIGTERM');
      await sleep(50);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
