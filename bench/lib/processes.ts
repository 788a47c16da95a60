import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:http';

export interface ServerChild {
  name: string;
  pid: number;
  url: string;
  port: number;
  proc: ChildProcess;
  /** The last few KB of stderr, for error messages. */
  stderr(): string;
  stop(): Promise<void>;
}

const running = new Set<ServerChild>();

/** A port the kernel just handed out on 127.0.0.1; tiny race until the child binds it, acceptable here. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 1000, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('error', () => resolve(false));
    req.once('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * Starts a server as its own process (so its CPU and memory are its own) with stdout sent to
 * /dev/null: the product logs every request at info level and that work stays in, but nobody
 * reads it. With `onStdoutLine` stdout comes back through a pipe instead, line by line (S13 counts
 * its instances' log events). Resolves once `readyPath` answers anything over HTTP.
 */
export async function startServer(opts: {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  readyPath: string;
  cwd: string;
  onStdoutLine?: (line: string) => void;
}): Promise<ServerChild> {
  const devNull = openSync('/dev/null', 'w');
  const proc = spawn(process.execPath, opts.args, {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', ...opts.env },
    stdio: ['ignore', opts.onStdoutLine ? 'pipe' : devNull, 'pipe'],
  });
  closeSync(devNull);
  if (opts.onStdoutLine) readLines(proc.stdout!, opts.onStdoutLine);
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const url = `http://127.0.0.1:${opts.port}`;
  const child: ServerChild = {
    name: opts.name,
    pid: proc.pid!,
    url,
    port: opts.port,
    proc,
    stderr: () => err,
    async stop() {
      running.delete(child);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(child);
  const deadline = Date.now() + 30_000;
  while (!(await answers(url + opts.readyPath))) {
    if (proc.exitCode !== null) throw new Error(`${opts.name} exited with ${proc.exitCode}:\n${err}`);
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${opts.name} did not answer within 30 s:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

/** Calls `onLine` with each complete line of `stream` (a partial last line waits for its end). */
function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => rest && onLine(rest));
}

/** Stops every server still running (on success, failure or Ctrl-C): nothing is left behind. */
export async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((c) => c.stop()));
}

/** Last resort on a hard exit: SIGKILL by pid, synchronously. */
export function killAllNow(): void {
  for (const c of running) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
}
