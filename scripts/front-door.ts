/**
 * `npm run front-door`: the BFF in development (the simulator, a throwaway Redis, as `npm run dev`)
 * behind nginx (or Caddy, FRONT_DOOR_SERVER=caddy) on https://localhost:8443, with the example app
 * backend behind forward-auth at /backend/ and a local CA's certificate (examples/front-door).
 * Ctrl-C or SIGTERM stops everything it started; if one part dies, it stops the rest and exits 1.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppBackend } from '../examples/app-backend/server';
import { type Child, findBinary, startChild, waitUntil } from './front-door/children';
import { caddyFiles, EXAMPLE, nginxFiles, policyFile, type Ports, portsFrom } from './front-door/config';

const ROOT = path.resolve(__dirname, '..');
const say = (line: string) => process.stderr.write(`front-door: ${line}\n`);

const SERVERS = {
  nginx: {
    variable: 'NGINX_PATH',
    usual: ['/usr/sbin/nginx', '/opt/homebrew/bin/nginx', '/usr/local/bin/nginx'],
    install: 'Debian/Ubuntu: sudo apt-get install nginx; macOS: brew install nginx',
  },
  caddy: {
    variable: 'CADDY_PATH',
    usual: ['/usr/bin/caddy', '/opt/homebrew/bin/caddy', '/usr/local/bin/caddy'],
    install: 'Debian/Ubuntu: sudo apt-get install caddy; macOS: brew install caddy',
  },
} as const;
type ServerName = keyof typeof SERVERS;

function setUp() {
  const server = (process.env.FRONT_DOOR_SERVER || 'nginx') as ServerName;
  if (!(server in SERVERS)) throw new Error(`FRONT_DOOR_SERVER: nginx or caddy, not "${server}"`);
  const ports = portsFrom(process.env);
  const s = SERVERS[server];
  const binary = findBinary(process.env, s.variable, [server], [...s.usual]);
  if (!binary)
    throw new Error(`${server} not found: install it (${s.install}) or set ${s.variable} to its path`);
  const certs = path.resolve(process.env.FRONT_DOOR_CERTS || path.join(EXAMPLE, 'certs'));
  execFileSync('bash', [path.join(EXAMPLE, 'make-certs.sh'), certs], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { server, ports, binary, certs };
}

/** A folder of its own: the proxy's configuration, certificate, pid, logs and temp files, and the policy file. */
function workDir(server: ServerName, ports: Ports, certs: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'front-door-'));
  // Entered by nginx's workers, which run as `nobody` when started by root.
  chmodSync(dir, 0o755);
  const files = server === 'nginx' ? nginxFiles(ports) : caddyFiles(ports);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, 'policy.yaml'), policyFile(ports));
  mkdirSync(path.join(dir, 'certs'));
  for (const f of ['localhost.pem', 'localhost-key.pem'])
    copyFileSync(path.join(certs, f), path.join(dir, 'certs', f));
  for (const d of ['home', 'data', 'config']) mkdirSync(path.join(dir, d));
  return dir;
}

function startProxy(server: ServerName, binary: string, dir: string): Child {
  const stdio = ['ignore', 'inherit', 'inherit'] as const;
  if (server === 'nginx')
    return startChild(
      'nginx',
      binary,
      [
        '-p',
        `${dir}/`,
        '-c',
        path.join(dir, 'nginx.conf'),
        '-e',
        path.join(dir, 'error.log'),
        '-g',
        'daemon off;',
      ],
      { stdio: [...stdio] },
    );
  const env = {
    PATH: process.env.PATH,
    HOME: path.join(dir, 'home'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
  };
  return startChild('caddy', binary, ['run', '--config', 'Caddyfile', '--adapter', 'caddyfile'], {
    cwd: dir,
    env,
    stdio: [...stdio],
  });
}

/** Fails naming the variable when the proxy's port is taken, before anything starts. */
const mustBeFree = (port: number, variable: string) =>
  new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new Error(`port ${port} is in use: set ${variable} to a free one`)));
    probe.listen(port, () => probe.close(() => resolve()));
  });

/** One https request through the front door, trusting only the local CA. */
const answersOverHttps = (ports: Ports, ca: Buffer) =>
  new Promise<boolean>((resolve) => {
    const req = https.get(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: ports.https,
        path: '/healthz',
        ca,
        headers: { host: `localhost:${ports.https}` },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.once('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });

async function main(): Promise<void> {
  const { server, ports, binary, certs } = setUp();
  await mustBeFree(ports.https, 'FRONT_DOOR_PORT');
  await mustBeFree(ports.http, 'FRONT_DOOR_HTTP_PORT');
  const dir = workDir(server, ports, certs);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const publicUrl = `https://localhost:${ports.https}`;
  const children: Child[] = [];
  // The example backend, in this process: it trusts the assertions the BFF signs for this origin.
  const backend: Server = createAppBackend({
    jwksUrl: `http://127.0.0.1:${ports.bff}/.well-known/jwks.json`,
    issuer: publicUrl,
    audience: publicUrl,
  });
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // The proxy first (no new requests), then the BFF (which stops its simulator and Redis).
    for (const c of [...children].reverse()) await c.stop(c.name === 'nginx' ? 'SIGQUIT' : 'SIGTERM', 15_000);
    backend.closeAllConnections();
    await new Promise((r) => backend.close(r));
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('exit', () => children.forEach((c) => c.kill()));
  const watch = (c: Child) => {
    children.push(c);
    void c.exited.then(() => {
      if (stopping) return;
      say(`${c.name} stopped (${c.proc.signalCode ?? `exit ${c.proc.exitCode}`}): stopping the rest`);
      void stopAll(1);
    });
  };

  await new Promise<void>((resolve, reject) => {
    backend.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(`port ${ports.backend} is in use: set APP_BACKEND_PORT to a free one`)
          : e,
      ),
    );
    backend.listen(ports.backend, '127.0.0.1', resolve);
  });

  watch(
    startChild('BFF', process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PUBLIC_URL: publicUrl,
        APP_URL: publicUrl,
        ASSERTION_AUDIENCE: publicUrl,
        // nginx or Caddy on this machine: the BFF believes X-Forwarded-* from loopback only.
        TRUST_PROXY: 'loopback',
        PORT: String(ports.bff),
        FORWARD_AUTH_PORT: String(ports.forwardAuth),
        FORWARD_AUTH_HEADERS: server === 'caddy' ? 'traefik' : 'nginx',
        POLICY_FILE: path.join(dir, 'policy.yaml'),
      },
    }),
  );
  watch(startProxy(server, binary, dir));
  const ca = readFileSync(path.join(certs, 'ca.pem'));
  if (!(await waitUntil(() => answersOverHttps(ports, ca), children, 120_000))) {
    if (!stopping) say(`${publicUrl} did not answer through ${server}: stopping`);
    return stopAll(1);
  }
  const caFile = path.join(certs, 'ca.pem');
  say(
    [
      `${publicUrl} is the front door (${server}; plain http on port ${ports.http} redirects there).`,
      `  The BFF (PORT ${ports.bff}), forward-auth (${ports.forwardAuth}) and the example backend (${ports.backend}, at ${publicUrl}/backend/whoami) are behind it.`,
      `  Its certificate is signed by a local CA: ${caFile}. Trust that CA to open it without warnings:`,
      `    Debian/Ubuntu: sudo cp ${caFile} /usr/local/share/ca-certificates/front-door-ca.crt && sudo update-ca-certificates`,
      `    macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${caFile}`,
      `    Chromium and Firefox on Linux: Settings > Privacy and security > Certificates > Authorities > Import`,
      `    curl: curl --cacert ${caFile} ${publicUrl}/`,
      `  Started: ${children.map((c) => `${c.name} (pid ${c.proc.pid})`).join(', ')}. Ctrl-C stops everything it started.`,
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  say(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
