import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import https from 'node:https';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The README's command blocks that start the server outside Docker, run as written (in a copy of
 * the repository, so building there leaves this checkout alone), stopped once they answer. So the
 * README cannot drift from what works.
 */
jest.setTimeout(240_000);
const ROOT = path.join(__dirname, '..', '..');
const PORTS = [3000, 4000, 4100, 6390];

// The README, and the production build's local run that docs/deployment.md took over from it.
const blocks = ['README.md', 'docs/deployment.md'].flatMap((file) =>
  [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!),
);
const startsServer = (b: string) => /npm (start|run dev)\b/.test(b) && !b.includes('docker');
const serverBlocks = blocks.filter(startsServer);
const curlBlocks = blocks.filter((b) => b.startsWith('curl '));
const frontDoorBlocks = blocks.filter((b) => /\bnpm run front-door\b/.test(b));
/** What `npm run front-door` binds: the https origin, the http redirect, the BFF's forward-auth. */
const FRONT_DOOR_PORTS = [8443, 8080, 9101];

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

async function waitFor(
  check: () => Promise<boolean>,
  ms: number,
  what: string,
  out: () => string,
  proc?: ChildProcess,
) {
  const until = Date.now() + ms;
  while (Date.now() < until && (proc === undefined || proc.exitCode === null)) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} within ${ms} ms; output:\n${out()}`);
}

let copy: string;
beforeAll(() => {
  copy = mkdtempSync(path.join(tmpdir(), 'bff-readme-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
  })
    .toString()
    .split('\0')
    .filter(Boolean);
  // (A worktree's node_modules may be a symlink, listed as a file.)
  for (const f of files.filter((f) => f !== 'node_modules' && !f.startsWith('node_modules/'))) {
    mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    cpSync(path.join(ROOT, f), path.join(copy, f));
  }
  // `npm ci` is the install step the README shows on its own; the copy shares this checkout's result.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/**
 * Runs a README block in the copy (its own process group) once `ports` are free, calls `check`
 * with its output so far, then SIGTERMs the group: resolves true when the ports were freed within
 * `freeMs` (else SIGKILL, false).
 */
async function runBlock(
  block: string,
  ports: number[],
  check: (out: () => string, proc: ChildProcess) => Promise<void>,
  freeMs = 15_000,
): Promise<boolean> {
  for (const port of ports)
    if (!(await portFree(port)))
      throw new Error(`port ${port} is in use: the README's commands need it free`);
  let out = '';
  const proc: ChildProcess = spawn('bash', ['-c', block], {
    cwd: copy,
    detached: true,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' },
  });
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, sig);
    } catch {
      // already gone
    }
  };
  try {
    await check(() => out, proc);
  } finally {
    signal('SIGTERM');
  }
  return waitFor(
    async () => (await Promise.all(ports.map(portFree))).every(Boolean),
    freeMs,
    'ports not freed',
    () => out,
  ).then(
    () => true,
    () => (signal('SIGKILL'), false),
  );
}

describe('the README’s commands run as written', () => {
  it('shows the install step apart from the commands that start the server', () => {
    expect(serverBlocks.length).toBeGreaterThanOrEqual(2);
    for (const b of serverBlocks) expect(b).not.toMatch(/npm (ci|install)\b/);
    expect(blocks.some((b) => b.trim() === 'npm ci')).toBe(true);
  });

  it.each(serverBlocks.map((b, i) => [i + 1, b]))('server block %i starts and answers', async (_i, block) => {
    await runBlock(block as string, PORTS, async (out) => {
      await waitFor(
        async () => (await fetch('http://127.0.0.1:3000/healthz')).ok,
        180_000,
        'no /healthz',
        out,
      );
      const production = (block as string).includes('NODE_ENV=production');
      const login = await fetch('http://127.0.0.1:3000/login', {
        redirect: 'manual',
        headers: production ? { 'X-Forwarded-Proto': 'https' } : {},
      });
      expect(login.status).toBe(302);
      const location = login.headers.get('location')!;
      expect(location).toMatch(
        /^http:\/\/localhost:4000\/#\/authorize\?issuerId=5f0c4e8a-3b7d-4c1e-9a2f-6d8b1e4c7a90&/,
      );
      if (production) {
        expect(location).toContain('redirecturl=https://localhost:8443/callback/');
        expect(login.headers.get('set-cookie')).toContain('__Host-tx=');
        expect((await fetch('http://127.0.0.1:3000/')).status).toBe(404);
        for (const curl of curlBlocks)
          expect(execFileSync('bash', ['-c', curl], { cwd: copy }).toString()).toMatch(
            /^location: http:\/\/localhost:4000\/#\/authorize/i,
          );
        expect(out()).toContain('Production mode (NODE_ENV=production)');
      } else expect(out()).toContain('Development mode');
    });
  });
});

/** GET over https trusting only `ca`: the status and headers. */
const httpsGet = (url: string, ca: Buffer) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) =>
    https
      .get(url, { ca }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      })
      .once('error', reject),
  );

describe('the README’s front door runs as written', () => {
  it('shows npm run front-door', () => expect(frontDoorBlocks).toEqual(['npm run front-door\n']));

  it.each(frontDoorBlocks.map((b, i) => [i + 1, b]))(
    'front-door block %i serves https://localhost:8443, and SIGTERM frees its ports',
    async (_i, block) => {
      const ports = [...PORTS, ...FRONT_DOOR_PORTS];
      const freed = await runBlock(
        block as string,
        ports,
        async (out, proc) => {
          await waitFor(
            async () => out().includes('Ctrl-C stops everything'),
            180_000,
            'no front door',
            out,
            proc,
          );
          const caFile = path.join(copy, 'examples', 'front-door', 'certs', 'ca.pem');
          expect(out()).toContain(caFile);
          const ca = readFileSync(caFile);
          expect((await httpsGet('https://localhost:8443/', ca)).status).toBe(200);
          const login = await httpsGet('https://localhost:8443/login?returnTo=/', ca);
          expect(login.status).toBe(302);
          expect(String(login.headers['set-cookie'])).toMatch(/^__Host-tx=.*; Secure/i);
          expect(login.headers.location).toContain('redirecturl=https://localhost:8443/callback/');
        },
        20_000,
      );
      expect(freed).toBe(true);
    },
  );
});
