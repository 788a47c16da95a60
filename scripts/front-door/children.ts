import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

type Env = Record<string, string | undefined>;

/**
 * A program to run: the path in `variable` when set, else the first of `names` on PATH, else the
 * first of `usual` that exists (Debian's and Homebrew's places).
 */
export function findBinary(env: Env, variable: string, names: string[], usual: string[]): string | undefined {
  const runnable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const given = env[variable];
  if (given) return runnable(given) ? given : undefined;
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names)
    for (const dir of dirs) if (runnable(path.join(dir, name))) return path.join(dir, name);
  return usual.find(runnable);
}

export interface Child {
  name: string;
  proc: ChildProcess;
  /** Resolves when it has exited. */
  exited: Promise<void>;
  running(): boolean;
  /** `signal`, then SIGKILL to its whole process group after `graceMs`. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
  /** SIGKILL to its process group, at once (the script's last resort on exit). */
  kill(): void;
}

/**
 * A child in a process group of its own: a Ctrl-C at the terminal reaches only this script, which
 * stops the children in order (the BFF's own children, such as its Redis, are in the BFF's group).
 */
export function startChild(name: string, file: string, args: string[], options: SpawnOptions): Child {
  const proc = spawn(file, args, { ...options, detached: true });
  const exited = new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.once('error', () => resolve());
  });
  const running = () => proc.exitCode === null && proc.signalCode === null && proc.pid !== undefined;
  const kill = () => {
    try {
      if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return {
    name,
    proc,
    exited,
    running,
    kill,
    async stop(signal, graceMs) {
      if (running()) proc.kill(signal);
      const timer = setTimeout(kill, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until `ready` holds, while every child in `alive` runs; false if one stopped or time ran out. */
export async function waitUntil(ready: () => Promise<boolean>, alive: Child[], ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until && alive.every((c) => c.running())) {
    if (await ready().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
