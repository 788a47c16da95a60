import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { parseSetCookies } from '../helpers/cookies';

// Helpers for the Docker suite. scripts/docker-ci.sh starts the engine (DOCKER_HOST) and makes the
// stand-in base images first, and passes DOCKER_CI_WORK, its temp dir; nothing here runs without it.

export const ROOT = path.resolve(__dirname, '..', '..');
/** Debian's client, the one its dockerd and docker-compose expect (another may come first on PATH). */
const DOCKER = '/usr/bin/docker';
const COMPOSE = '/usr/bin/docker-compose';
/** What the suite builds from the Dockerfile; the compose file's own name is securitize-id-bff:local. */
export const IMAGE = 'securitize-id-bff:ci';
export const BASE_IMAGE = 'node:20-bookworm-slim';

/** The work dir of scripts/docker-ci.sh; a clear failure (never a skip) without it. */
export function workDir(): string {
  const dir = process.env.DOCKER_CI_WORK;
  if (!dir || !process.env.DOCKER_HOST)
    throw new Error(
      'test/docker runs only through scripts/docker-ci.sh (npm run test:docker, as root): it starts the ' +
        'Docker engine and makes the stand-in base images these tests need',
    );
  return dir;
}

/**
 * A developer's checkout with a `.env` holding real-looking secrets: the files git knows (tracked
 * or not ignored), copied to a temp dir, with `.env` added. These values must reach no image layer.
 */
export const CANARY = {
  SESSION_SECRET: 'docker-ci-canary-session-secret-7d1f0c9a2b4e6f8a',
  TOKEN_ENCRYPTION_KEYS: `ci:${Buffer.from('docker-ci canary key, 32 bytes!!').toString('base64')}`,
};
export function projectCopy(name: string): string {
  const dir = mkdtempSync(path.join(workDir(), `${name}-`));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
  })
    .toString()
    .split('\0')
    .filter((f) => f && !f.startsWith('node_modules/')); // deleted but not yet committed: skipped below
  for (const f of files.filter((f) => existsSync(path.join(ROOT, f)))) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    cpSync(path.join(ROOT, f), path.join(dir, f));
  }
  const env = Object.entries(CANARY).map(([k, v]) => `${k}=${v}\n`);
  appendFileSync(path.join(dir, '.env'), env.join(''));
  return dir;
}

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}
function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Run {
  // docker-compose fills the compose file's ${…} from the environment: give it only what it needs
  // (jest's NODE_ENV=test would otherwise become the BFF's). Compose builds through the docker CLI,
  // so its build shares the cache of the one before (docker-py's own context tar would not).
  const env = cmd === COMPOSE ? composeEnv() : process.env;
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 120_000,
    env: { ...env, DOCKER_BUILDKIT: '0', COMPOSE_DOCKER_CLI_BUILD: '1' },
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const composeEnv = () => {
  const keep = ['PATH', 'HOME', 'LANG', 'DOCKER_HOST'];
  return Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
};
const must = (what: string, r: Run) => {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${(r.stdout + r.stderr).slice(-4000)}`);
  return r.stdout.trim();
};

/** `docker …`, whatever its exit code. */
export const dockerRun = (args: string[], timeoutMs?: number) => run(DOCKER, args, { timeoutMs });
/** `docker …` without blocking the event loop, whatever its exit code. */
export const dockerAsync = (args: string[]) =>
  new Promise<Run>((resolve) => {
    execFile(DOCKER, args, { encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
    );
  });
/** `docker …`, its stdout; a failure throws with its output. */
export const docker = (args: string[], timeoutMs?: number) =>
  must(`docker ${args.join(' ')}`, dockerRun(args, timeoutMs));
/** `docker-compose -p <project> …` in a project dir, its stdout; a failure throws with its output. */
export const compose = (dir: string, project: string, args: string[], timeoutMs?: number) =>
  must(`docker-compose ${args.join(' ')}`, run(COMPOSE, ['-p', project, ...args], { cwd: dir, timeoutMs }));

export const inspect = <T = Record<string, unknown>>(what: string): T =>
  (JSON.parse(docker(['inspect', what])) as T[])[0]!;

/** A line for the script's closing summary (and the test's output). */
export function note(line: string): void {
  appendFileSync(path.join(workDir(), 'notes.txt'), `docker-ci: ${line}\n`);
  process.stdout.write(`${line}\n`);
}

export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

export { waitFor } from '../helpers/wait-for';

export const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

/** `name=value; …` from Set-Cookie lines, later ones winning, cleared ones dropped: a small cookie jar. */
export function cookieJar(jar: Map<string, string>, setCookies: string[] = []): string {
  for (const c of parseSetCookies(setCookies)) {
    if (c.value && c.attributes['max-age'] !== '0') jar.set(c.name, c.value);
    else jar.delete(c.name);
  }
  return [...jar].map(([n, v]) => `${n}=${v}`).join('; ');
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json<T = Record<string, unknown>>(): T;
}
/**
 * One HTTP request on a connection of its own, with a deadline: a published port accepts before the
 * container listens (and may then never answer), and a pooled keep-alive connection may have been
 * closed by a server that stopped. Redirects are not followed.
 */
export function http(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'GET', headers: o.headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) }),
      );
    });
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new Error(`${url}: no answer in time`)));
    req.on('error', reject);
    req.end(o.body);
  });
}
