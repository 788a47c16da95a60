import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const NGINX = '/usr/sbin/nginx';

export interface NginxChild {
  port: number;
  url: string;
  /** Graceful stop (SIGQUIT, then SIGKILL after 3 s); removes the temp dir. */
  stop(): Promise<void>;
  /** The error log so far (level info), for assertions and failure messages. */
  errorLog(): string;
}

export const nginxAvailable = (): boolean => existsSync(NGINX);

/**
 * A private nginx child for one test: its own config, pid, logs and temp paths in a fresh temp dir,
 * never /etc/nginx or /var/log/nginx. `servers` holds one or more `server { }` blocks, with
 * `{{PORT}}` where the listen port goes. Tries a few free ports in case another process takes one.
 */
export async function startNginx(opts: { servers: string }): Promise<NginxChild> {
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

/**
 * The nginx server block that puts the BFF's forward-auth in front of an app's backend: what
 * test/vouch/nginx.test.ts runs and what the docs show (the same text, with other addresses).
 * `/app/…` is the backend's API as the browser calls it; the backend gets it without `/app`.
 * `listen` defaults to the test's `127.0.0.1:{{PORT}}`.
 */
export function forwardAuthServer(o: { forwardAuth: string; backend: string; listen?: string }): string {
  return `# An app's backend behind nginx, with the Securitize iD BFF's forward-auth deciding every request.
# Needs nginx's auth_request module (in Debian's and Ubuntu's nginx packages, and nginx.org's).
# POLICY_FILE's rules name the paths the BROWSER uses (/app/...): the auth request carries $request_uri.
server {
  listen ${o.listen ?? '127.0.0.1:{{PORT}}'};

  # The app's backend API: /app/offerings reaches the backend as /offerings.
  location /app/ {
    auth_request /_bff_auth;
    # What forward-auth answered (auth_request_set runs for every status the auth request gets).
    auth_request_set $investor_id $upstream_http_x_investor_id;
    auth_request_set $assertion $upstream_http_x_investor_assertion;
    auth_request_set $auth_reason $upstream_http_x_auth_reason;
    auth_request_set $auth_requirement $upstream_http_x_auth_requirement;
    auth_request_set $auth_action $upstream_http_x_auth_action;
    auth_request_set $auth_retry_after $upstream_http_retry_after;
    auth_request_set $auth_status $upstream_status;

    # nginx drops the auth answer's body: these rebuild the browser's answer from its headers. They
    # catch only what nginx itself produces (proxy_intercept_errors is off), never the backend's own
    # 401/403/500.
    error_page 401 = @login_required;
    error_page 403 = @denied;
    error_page 500 = @auth_failed;

    # The backend gets the signed assertion (verify it against the BFF's /.well-known/jwks.json),
    # never the browser's cookie, nor a browser's own Authorization, X-Investor-Id or -Assertion.
    proxy_set_header Authorization "Bearer $assertion";
    proxy_set_header X-Investor-Id $investor_id;
    proxy_set_header X-Investor-Assertion "";
    proxy_set_header Cookie "";
    proxy_pass http://${o.backend}/;
  }

  # The auth request: always a GET without a body; the original method and URI go in the two
  # headers forward-auth reads (FORWARD_AUTH_HEADERS=nginx, the default). These overwrite any the
  # browser sent; the browser's Cookie, Origin, Sec-Fetch-Site and X-CSRF go along as sent.
  location = /_bff_auth {
    internal;
    proxy_pass http://${o.forwardAuth}/auth;
    proxy_pass_request_body off;
    proxy_set_header Content-Length "";
    proxy_set_header X-Original-URI $request_uri;
    proxy_set_header X-Original-Method $request_method;
    proxy_connect_timeout 2s;
  }

  # 401 from forward-auth: no live session (log in at the BFF's /login).
  location @login_required {
    default_type application/json;
    add_header Cache-Control no-store always;
    add_header X-Auth-Reason $auth_reason always;
    return 401 '{"error":"login_required"}';
  }

  # 403 from forward-auth: refused. X-Auth-Reason is the error (kyc_required, not_eligible,
  # csrf_required, forbidden_origin, method_not_allowed, path_rejected, invalid_request),
  # X-Auth-Requirement the failed requirement, X-Auth-Action where to finish KYC (kyc_required).
  # (An empty value sends no header. The body is not JSON-escaped: the BFF sends fixed codes.)
  location @denied {
    default_type application/json;
    add_header Cache-Control no-store always;
    add_header X-Auth-Reason $auth_reason always;
    add_header X-Auth-Requirement $auth_requirement always;
    add_header X-Auth-Action $auth_action always;
    return 403 '{"error":"$auth_reason"}';
  }

  # nginx turns every other auth status into 500. Forward-auth's 503 (Redis or Securitize
  # unavailable, with its X-Auth-Reason and Retry-After), an unreachable BFF (502) and a timeout
  # (504) become 503 again.
  location @auth_failed {
    default_type application/json;
    add_header Cache-Control no-store always;
    add_header X-Auth-Reason $auth_reason always;
    add_header Retry-After $auth_retry_after always;
    if ($auth_status ~ "^50[234]$") {
      return 503 '{"error":"auth_unavailable"}';
    }
    return 500 '{"error":"internal"}';
  }
}
`;
}
