import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary, missing } from './binaries';

export interface CaddyChild {
  port: number;
  url: string;
  /** Its temp dir: Caddyfile, data, config and home (gone after stop). */
  dir: string;
  /** Graceful stop (SIGTERM, then SIGKILL after 5 s); removes the temp dir. */
  stop(): Promise<void>;
  /** Caddy's log so far (JSON lines on its stderr), for assertions and failure messages. */
  errorLog(): string;
}

/** The `caddy` to run (CADDY_PATH, else on PATH), or undefined. */
export const caddyBinary = (): string | undefined =>
  findBinary('CADDY_PATH', ['caddy'], ['/usr/bin/caddy', '/opt/homebrew/bin/caddy']);

export const CADDY_MISSING = missing('caddy', 'CADDY_PATH', 'apt-get install caddy', 'brew install caddy');

/**
 * A private Caddy child for one test: its Caddyfile, data, config and home in a fresh temp dir
 * (never ~/.local/share/caddy or /etc/caddy), no admin endpoint, plain http on 127.0.0.1.
 * `site` holds one or more site blocks, with `{{PORT}}` where the port goes (`http://:{{PORT}}`).
 * Tries a few free ports in case another process takes one.
 */
export async function startCaddy(opts: {
  site: string;
  /** The first port to try (the helper's own tests take one on purpose). */
  port?: number;
}): Promise<CaddyChild> {
  const caddy = caddyBinary();
  if (!caddy) throw new Error(CADDY_MISSING);
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bff-caddy-'));
    const port = attempt === 1 && opts.port ? opts.port : await freePort();
    try {
      return await spawnCaddy(caddy, dir, port, opts.site);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      // Only a lost race for the port is worth another try; a bad Caddyfile fails straight away.
      if (attempt >= 3 || !/address already in use|port shared/.test(String(err))) throw err;
    }
  }
}

async function spawnCaddy(caddy: string, dir: string, port: number, site: string): Promise<CaddyChild> {
  const p = (name: string) => path.join(dir, name);
  for (const d of ['home', 'data', 'config']) mkdirSync(p(d));
  const globals = [
    '{',
    '\tadmin off',
    '\tauto_https off',
    // A site address `http://:PORT` would listen on every interface.
    '\tdefault_bind 127.0.0.1',
    '\tgrace_period 2s',
    `\tstorage file_system ${p('data')}`,
    '}',
  ];
  writeFileSync(p('Caddyfile'), [...globals, site.replaceAll('{{PORT}}', String(port)), ''].join('\n'));
  const proc = spawn(caddy, ['run', '--config', p('Caddyfile'), '--adapter', 'caddyfile'], {
    // Its own home and XDG dirs: Caddy keeps autosave.json and certificates there.
    env: { PATH: process.env.PATH, HOME: p('home'), XDG_DATA_HOME: p('data'), XDG_CONFIG_HOME: p('config') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  proc.once('error', (e) => (log += `${e.message}\n`)); // e.g. ENOENT; 'exit' follows
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const running = () => proc.exitCode === null && proc.signalCode === null;
  const kill = async () => {
    if (running()) proc.kill('SIGKILL');
    await exited;
  };

  // Ready once Caddy says it serves the config (it has bound the port) and the port answers.
  const deadline = Date.now() + 10_000;
  while (!(log.includes('"serving initial configuration"') && (await canConnect(port)) && running())) {
    if (!running() || Date.now() > deadline) {
      await kill();
      throw new Error(`caddy did not start on port ${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  // Caddy binds with SO_REUSEPORT: a second Caddy on the same port does not fail with "address
  // already in use", the two share its connections. Two listeners on the port mean we lost a race.
  if (listenersOn(port) > 1) {
    await kill();
    throw new Error(`caddy on port ${port}: port shared with another process`);
  }

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    dir,
    errorLog: () => log,
    async stop() {
      if (running()) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Listening TCP sockets on 127.0.0.1:`port` and the wildcard address (0 where /proc is not there). */
function listenersOn(port: number): number {
  const file = '/proc/net/tcp';
  if (!existsSync(file)) return 0;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(([, local, , state]) => state === '0A' && /^(0100007F|00000000):/.test(local ?? ''))
    .filter(([, local]) => local!.endsWith(`:${hexPort}`)).length;
}

/** A port the kernel just handed out on 127.0.0.1; free again once the probe server closes. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => resolve(false));
  });
