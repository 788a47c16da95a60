import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** The real server (src/main.ts) as a child process, so a test can SIGKILL it mid-request. */
export interface BffProcess {
  url: string;
  proc: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = path.join(__dirname, '..', '..');

export async function startBffProcess(
  env: Record<string, string>,
  where: {
    cwd?: string;
    args?: string[];
    /** The line that says it listens, the port in its group. */ listening?: RegExp;
  } = {},
): Promise<BffProcess> {
  // `node --import tsx` keeps it one process (the tsx CLI would fork a child that a kill misses).
  const proc = spawn(process.execPath, where.args ?? ['--import', 'tsx', 'src/main.ts'], {
    cwd: where.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const check = () => {
      const m = (where.listening ?? /"event":"listening","port":(\d+)/).exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    proc.stdout!.on('data', check);
    proc.stderr!.on('data', check);
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return {
    url: `http://127.0.0.1:${port}`,
    proc,
    output: () => out,
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
