import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import Redis from 'ioredis';
import { waitFor } from '../helpers/wait-for';

/**
 * Building blocks for test/topology: one redis-server (or sentinel) child on a free loopback TCP
 * port, its own dir and config file, admin commands and polling with timeouts. Never 6379/26379.
 */
export const HOST = '127.0.0.1';
export interface Addr {
  host: string;
  port: number;
}

export interface RedisNode extends Addr {
  pid: number;
  dir: string;
  alive(): boolean;
  /** Sends a signal; for a terminating one, resolves once the child has exited. */
  signal(sig?: NodeJS.Signals): Promise<void>;
  /** Last lines of the node's log file, for error messages. */
  logTail(lines?: number): string;
}

// Children and temp dirs still alive when this process exits are killed/removed synchronously.
// The 'exit' listener is only installed while something is tracked (jest loads this module per file).
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const onExit = () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
};
function updateExitHook() {
  process.removeListener('exit', onExit);
  if (children.size + tempDirs.size > 0) process.on('exit', onExit);
}
export function trackTempDir(dir: string): () => void {
  tempDirs.add(dir);
  updateExitHook();
  return () => {
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
    updateExitHook();
  };
}

// Ports 12000-21999, so the cluster bus (port + 10000) stays below Linux's ephemeral range (32768+).
const handedOut = new Set<number>();
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, HOST, () => s.close(() => resolve(true)));
  });
}
export async function freePort(withBus: boolean): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const port = 12000 + Math.floor(Math.random() * 10000);
    if (handedOut.has(port) || (withBus && handedOut.has(port + 10000))) continue;
    if (!(await canBind(port)) || (withBus && !(await canBind(port + 10000)))) continue;
    handedOut.add(port);
    if (withBus) handedOut.add(port + 10000);
    return port;
  }
  throw new Error('no free TCP port (and bus port) found on 127.0.0.1');
}

// With setpriv available, a child also dies if this process is killed without running 'exit'.
const PDEATHSIG = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'KILL'] : [];
const SENTINEL_BIN = onPath('redis-sentinel') ? ['redis-sentinel'] : null;
function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && existsSync(path.join(d, bin)));
}

/**
 * Starts a node in `dir` on a fresh port; `config(port)` gives the config lines. Retries on a new
 * port if the chosen one was taken in between (another test process).
 */
export async function startNode(
  dir: string,
  config: (port: number) => string[],
  opts: { bus?: boolean; sentinel?: boolean } = {},
): Promise<RedisNode> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort(!!opts.bus);
    try {
      return await spawnNode(dir, port, config(port), !!opts.sentinel);
    } catch (e) {
      lastError = e;
      if (!/Address already in use/i.test(String(e))) throw e;
    }
  }
  throw lastError;
}

async function spawnNode(dir: string, port: number, lines: string[], sentinel: boolean): Promise<RedisNode> {
  mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, sentinel ? 'sentinel.conf' : 'redis.conf');
  const log = path.join(dir, 'redis.log');
  rmSync(log, { force: true });
  const base = [`port ${port}`, `bind ${HOST}`, 'protected-mode no', 'daemonize no', `dir ${dir}`];
  writeFileSync(conf, [...base, `logfile ${log}`, ...lines].join('\n') + '\n');
  const cmd = sentinel
    ? (SENTINEL_BIN ?? ['redis-server']).concat(conf, SENTINEL_BIN ? [] : ['--sentinel'])
    : ['redis-server', conf];
  const [bin, ...args] = [...PDEATHSIG, ...cmd] as [string, ...string[]];
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = ''; // stdout/stderr: config errors are printed there, not to the log file
  const keep = (d: Buffer) => (output = (output + d).slice(-4000));
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  children.add(proc);
  updateExitHook();
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  void exited.then(() => {
    children.delete(proc);
    updateExitHook();
  });
  const logTail = (n = 15) => {
    const text = (existsSync(log) ? readFileSync(log, 'utf8') : '') + output;
    return text.trimEnd().split('\n').slice(-n).join('\n') || '(no output)';
  };
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  const node: RedisNode = {
    host: HOST,
    port,
    pid: proc.pid ?? -1,
    dir,
    alive,
    logTail,
    async signal(sig = 'SIGKILL') {
      if (!alive()) return;
      proc.kill(sig);
      if (sig !== 'SIGSTOP' && sig !== 'SIGCONT') await exited;
    },
  };
  const name = `${sentinel ? 'sentinel' : 'redis-server'} :${port}`;
  const spawnFailed = new Promise<never>((_, reject) => {
    proc.once('error', (e) => reject(new Error(`${name} could not be spawned: ${e.message}`)));
    void exited.then(() => reject(new Error(`${name} exited during startup. Log:\n${logTail()}`)));
  });
  spawnFailed.catch(() => undefined);
  try {
    await Promise.race([spawnFailed, waitFor(`${name} answering PING`, 10000, () => cmd1(port, 'PING'))]);
  } catch (e) {
    await node.signal('SIGKILL');
    throw e;
  }
  return node;
}

/** One admin command on a short-lived connection (works for sentinels too); 2 s timeouts. */
export async function cmd1(port: number, ...args: (string | number)[]): Promise<unknown> {
  const c = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
    commandTimeout: 2000,
  });
  c.on('error', () => undefined);
  try {
    await c.connect();
    return await c.call(String(args[0]), ...args.slice(1));
  } finally {
    c.disconnect();
  }
}

export async function info(port: number, section: string): Promise<Record<string, string>> {
  return parseInfo(String(await cmd1(port, 'INFO', section)));
}
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}
/** A flat [k1, v1, k2, v2, ...] reply (SENTINEL MASTER/REPLICAS) as an object. */
export function pairs(reply: unknown): Record<string, string> {
  const arr = reply as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < arr.length; i += 2) out[arr[i]!] = arr[i + 1]!;
  return out;
}

export { waitFor };

export function redisCli(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`redis-cli ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}
