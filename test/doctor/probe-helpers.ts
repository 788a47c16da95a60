import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** A port free a moment ago: the probe binds PORT itself, and PUBLIC_URL must name it beforehand. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface ProbeRun {
  /** The login URL the probe printed. */
  loginUrl: string;
  /** Resolves when the probe exits, with its exit code, output and report files' text. */
  done: Promise<{ code: number | null; output: string; md: string; json: string }>;
}

/** `npm run doctor -- --login --out <tmp>` as a child process, resolved once it prints the login URL. */
export async function startProbe(env: Record<string, string>, extraArgs: string[] = []): Promise<ProbeRun> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'bff-probe-')), 'report');
  const proc: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/doctor/main.ts', '--login', '--out', out, ...extraArgs],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('close', r));
  const loginUrl = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /^ {2}(http\S+#\/authorize\?\S+)$/m.exec(output);
      if (m) resolve(m[1]!);
    };
    proc.stdout!.on('data', check);
    void exited.then(() => reject(new Error(`the probe exited:\n${output}`)));
  });
  const done = exited.then((code) => {
    const read = (ext: string) => {
      try {
        return readFileSync(`${out}.${ext}`, 'utf8');
      } catch {
        return '';
      }
    };
    return { code, output, md: read('md'), json: read('json') };
  });
  return { loginUrl, done };
}

/** What the login page reads after the `#`: issuerId, scope, redirecturl. */
export function fragmentParams(loginUrl: string): URLSearchParams {
  return new URLSearchParams(loginUrl.slice(loginUrl.indexOf('#/authorize?') + '#/authorize?'.length));
}

/** The configuration the probe needs (Redis is named but never reached by the probe). */
export function probeEnv(port: number, apiUrl: string, clientId: string, secret: string, style = 'direct') {
  return {
    NODE_ENV: 'development',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    REDIS_URL: 'redis://127.0.0.1:1',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    SECURITIZE_CLIENT_ID: clientId,
    SECURITIZE_SECRET: secret,
    SECURITIZE_API_URL: apiUrl,
    SECURITIZE_LOGIN_URL: apiUrl,
    SECURITIZE_API_STYLE: style,
  };
}
