import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { ConfigError } from '../config';

type Closer = () => Promise<unknown>;
export const say = (line: string) => void process.stderr.write(`${line}\n`);

/**
 * What the process has started and how it stops, at any stage of start-up: the signal handlers are
 * installed before anything else, so a SIGTERM during start-up stops what was started (the
 * development Redis and its temp folder, the simulator) and exits 0, and one after it lets
 * in-flight requests finish first.
 */
export function createLifecycle() {
  const closers: Closer[] = [];
  const servers: Server[] = [];
  let logger: Logger | undefined;
  let deadlineMs = 10_000;
  let stopping = false;

  const closeAll = () => Promise.allSettled(closers.map((c) => c()));

  function stop(signal: string): void {
    if (stopping) return;
    stopping = true;
    logger?.info({ event: 'shutdown', signal }, 'shutting down: no new connections, finishing requests');
    // In-flight requests finish; idle keep-alive connections close now; stragglers at the deadline.
    const closed = servers.map((s) => new Promise((r) => s.close(r)));
    for (const s of servers) s.closeIdleConnections();
    const force = setTimeout(() => {
      logger?.warn({ event: 'shutdown_deadline' }, 'closing connections still open at the deadline');
      for (const s of servers) s.closeAllConnections();
    }, deadlineMs);
    force.unref();
    void Promise.all(closed).then(async () => {
      logger?.info({ event: 'stopped' }, 'stopped');
      await closeAll();
      process.exit(0);
    });
  }

  /** One line a person can act on, then everything already started is stopped. */
  async function fatal(err: unknown): Promise<never> {
    say(
      err instanceof ConfigError ? err.message : `Fatal: ${err instanceof Error ? err.message : String(err)}`,
    );
    await closeAll();
    process.exit(1);
  }

  return {
    /** Stops it on SIGTERM/SIGINT; call first thing. */
    handleSignals() {
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    },
    onStop: (c: Closer) => void closers.push(c),
    serve: (s: Server) => void servers.push(s),
    useLogger(l: Logger, shutdownTimeoutMs: number) {
      logger = l;
      deadlineMs = shutdownTimeoutMs;
    },
    get stopping() {
      return stopping;
    },
    fatal,
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
