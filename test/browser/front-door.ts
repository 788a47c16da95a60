import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWebAppIfStale, launchChromium } from './browser';

const ROOT = path.resolve(__dirname, '..', '..');
const MAKE_CERTS = path.join(ROOT, 'examples', 'front-door', 'make-certs.sh');

export interface FrontDoor {
  /** https://localhost:<port>: the one origin. */
  url: string;
  /** Plain http, which redirects to `url`. */
  httpUrl: string;
  /** Where the browser logs in: the simulator the BFF started. */
  loginUrl: string;
  ports: Record<'https' | 'http' | 'bff' | 'forwardAuth' | 'backend' | 'simulator', number>;
  /** The pids the script says it started, by name (BFF, nginx, caddy). */
  pids: Record<string, number>;
  output(): string;
  /** Resolves with the script's exit code once it has exited. */
  exited: Promise<number | null>;
  /** SIGTERM to the script; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** A private local CA and `localhost` certificate (make-certs.sh) in a temp folder. */
export function makeCerts(): { dir: string; caFile: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'front-door-certs-'));
  execFileSync('bash', [MAKE_CERTS, dir], { stdio: 'pipe' });
  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What Chromium's --ignore-certificate-errors-spki-list takes: base64 SHA-256 of the SubjectPublicKeyInfo. */
export function spkiHash(certFile: string): string {
  const spki = new X509Certificate(readFileSync(certFile)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

export const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

/**
 * `npm run front-door`'s script (scripts/front-door.ts, as npm runs it after building the web app)
 * on free ports, with its certificates in `certs`; resolves once it says the front door answers.
 */
export async function startFrontDoor(o: { server: 'nginx' | 'caddy'; certs: string }): Promise<FrontDoor> {
  const ports = {
    https: await freePort(),
    http: await freePort(),
    bff: await freePort(),
    forwardAuth: await freePort(),
    backend: await freePort(),
    simulator: await freePort(),
  };
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/front-door.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FRONT_DOOR_SERVER: o.server,
      FRONT_DOOR_CERTS: o.certs,
      FRONT_DOOR_PORT: String(ports.https),
      FRONT_DOOR_HTTP_PORT: String(ports.http),
      PORT: String(ports.bff),
      FORWARD_AUTH_PORT: String(ports.forwardAuth),
      APP_BACKEND_PORT: String(ports.backend),
      SIMULATOR_PORT: String(ports.simulator),
      RATE_LIMIT_LOGIN: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const until = Date.now() + 150_000;
  while (!/Started: (.*)\. Ctrl-C/.test(out)) {
    if (gone || Date.now() > until) {
      proc.kill('SIGTERM');
      throw new Error(`the front door did not start (exit ${proc.exitCode}); its output:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pids = Object.fromEntries(
    [.../Started: (.*)\. Ctrl-C/.exec(out)![1]!.matchAll(/(\w+) \(pid (\d+)\)/g)].map((m) => [
      m[1]!,
      Number(m[2]),
    ]),
  );
  return {
    url: `https://localhost:${ports.https}`,
    httpUrl: `http://localhost:${ports.http}`,
    loginUrl: `http://localhost:${ports.simulator}`,
    ports,
    pids,
    output: () => out,
    exited,
    stop() {
      if (!gone) proc.kill('SIGTERM');
      return exited;
    },
  };
}

/** A plain http request that follows nothing: the status and Location the proxy answers with. */
export const rawGet = (url: string) =>
  new Promise<{ status: number; location?: string }>((resolve, reject) =>
    http
      .get(url, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      })
      .once('error', reject),
  );

/** An https request trusting only `caFile`: the status it gets. */
export const httpsGet = (url: string, caFile: string) =>
  new Promise<number>((resolve, reject) =>
    https
      .get(url, { ca: readFileSync(caFile) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .once('error', reject),
  );

/** The nginx master's prefix folder (where its access log is), from its process title (Linux). */
export function nginxPrefix(pid: number): string {
  const prefix = / -p (\S+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
  if (!prefix) throw new Error(`no -p in nginx's command line (pid ${pid})`);
  return prefix;
}

/** Every port the front door used is free again (within 20 s). */
export async function allPortsFree(door: FrontDoor): Promise<boolean> {
  for (let waited = 0; waited < 20_000; waited += 200) {
    if ((await Promise.all(Object.values(door.ports).map(portFree))).every(Boolean)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

export interface Opened {
  certs: ReturnType<typeof makeCerts>;
  door: FrontDoor;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Fresh certificates, the front door with `server`, and a Chromium that trusts its CA by the CA's
 * key hash only: any other certificate error still fails.
 */
export async function openFrontDoor(server: 'nginx' | 'caddy'): Promise<Opened> {
  buildWebAppIfStale();
  const certs = makeCerts();
  let door: FrontDoor | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await door?.stop();
    certs.remove();
  };
  try {
    door = await startFrontDoor({ server, certs: certs.dir });
    browser = await launchChromium([`--ignore-certificate-errors-spki-list=${spkiHash(certs.caFile)}`]);
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    context.setDefaultTimeout(20_000);
    return { certs, door, browser, context, page: await context.newPage(), close };
  } catch (err) {
    await close();
    throw err;
  }
}
