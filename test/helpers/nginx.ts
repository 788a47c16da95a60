import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary, missing } from './binaries';

const NGINX =
  findBinary(
    'NGINX_PATH',
    ['nginx'],
    ['/usr/sbin/nginx', '/opt/homebrew/bin/nginx', '/usr/local/bin/nginx'],
  ) ?? '';

export interface NginxChild {
  port: number;
  url: string;
  /** Graceful stop (SIGQUIT, then SIGKILL after 3 s); removes the temp dir. */
  stop(): Promise<void>;
  /** The error log so far (level info), for assertions and failure messages. */
  errorLog(): string;
}

export const nginxAvailable = (): boolean => NGINX !== '';

export const NGINX_MISSING = missing('nginx', 'NGINX_PATH', 'apt-get install nginx', 'brew install nginx');

/**
 * A private nginx child for one test: its own config, pid, logs and temp paths in a fresh temp dir,
 * never /etc/nginx or /var/log/nginx. `servers` holds one or more `server { }` blocks, with
 * `{{PORT}}` where the listen port goes. Tries a few free ports in case another process takes one.
 */
export async function startNginx(opts: { servers: string }): Promise<NginxChild> {
  if (!nginxAvailable()) throw new Error(NGINX_MISSING);
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bff-nginx-'));
    const port = await freePort();
    try {
      return await spawnNginx(dir, port, opts.servers);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      // Only a lost race for the port is worth another try; a bad config fails straight away.
      if (attempt >= 3 || !String(err).includes('Address already in use')) throw err;
    }
  }
}

async function spawnNginx(dir: string, port: number, servers: string): Promise<NginxChild> {
  const p = (name: string) => path.join(dir, name);
  const errorLog = () => (existsSync(p('error.log')) ? readFileSync(p('error.log'), 'utf8') : '');
  writeFileSync(
    p('nginx.conf'),
    [
      // As root the workers would switch to `nobody`, who cannot enter the 0700 temp dir.
      process.getuid?.() === 0 ? 'user root;' : '',
      'daemon off;',
      'master_process on;',
      'worker_processes 1;',
      `pid ${p('nginx.pid')};`,
      `lock_file ${p('nginx.lock')};`,
      `error_log ${p('error.log')} info;`,
      'events { worker_connections 256; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${p(t)};`),
      servers.replaceAll('{{PORT}}', String(port)),
      '}',
      '',
    ].join('\n'),
  );
  // -e: the error log nginx opens before it has read the config (the built-in default is stderr).
  const proc = spawn(NGINX, ['-p', `${dir}/`, '-c', p('nginx.conf'), '-e', p('error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  proc.once('error', (e) => (stderr += `${e.message}\n`)); // e.g. ENOENT; 'exit' follows
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

  // Ready once the port accepts a TCP connection and nginx is still alive (it did not lose the bind).
  const deadline = Date.now() + 5000;
  while (!(running(proc) && (await canConnect(port)) && running(proc))) {
    if (!running(proc) || Date.now() > deadline) {
      if (running(proc)) proc.kill('SIGKILL');
      await exited;
      throw new Error(`nginx did not start on port ${port}:\n${stderr}${errorLog()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    errorLog,
    async stop() {
      if (running(proc)) {
        proc.kill('SIGQUIT');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
