import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';

// `npm run front-door`'s refusals: each is one line naming what to do, exit 1, nothing started.
const ROOT = path.resolve(__dirname, '..', '..');

const run = (env: Record<string, string>) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/front-door.ts'],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env } },
      (_err, stdout, stderr) => resolve({ code: child.exitCode, out: stdout + stderr }),
    );
  });

let certs: string;
beforeAll(() => (certs = mkdtempSync(path.join(tmpdir(), 'front-door-refusing-'))));
afterAll(() => rmSync(certs, { recursive: true, force: true }));

describe('npm run front-door, refusing', () => {
  it('nginx missing: one line saying how to install it, exit 1', async () => {
    const { code, out } = await run({ NGINX_PATH: '/nonexistent/nginx' });
    expect(code).toBe(1);
    expect(out).toBe(
      'front-door: nginx not found: install it (Debian/Ubuntu: sudo apt-get install nginx; macOS: brew install nginx) or set NGINX_PATH to its path\n',
    );
  });

  it('Caddy missing, a bad port, an unknown server: named, exit 1', async () => {
    expect(await run({ FRONT_DOOR_SERVER: 'caddy', CADDY_PATH: '/nonexistent/caddy' })).toEqual({
      code: 1,
      out: expect.stringMatching(
        /^front-door: caddy not found: install it \(Debian\/Ubuntu: sudo apt-get install caddy; macOS: brew install caddy\)/,
      ),
    });
    expect(await run({ FRONT_DOOR_PORT: '70000' })).toEqual({
      code: 1,
      out: 'front-door: FRONT_DOOR_PORT: must be a port number from 1 to 65535, not "70000"\n',
    });
    expect(await run({ FRONT_DOOR_SERVER: 'apache' })).toEqual({
      code: 1,
      out: 'front-door: FRONT_DOOR_SERVER: nginx or caddy, not "apache"\n',
    });
  });

  it('its https port taken: named before anything starts, exit 1', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      expect(await run({ FRONT_DOOR_PORT: String(port), FRONT_DOOR_CERTS: certs })).toEqual({
        code: 1,
        out: `front-door: port ${port} is in use: set FRONT_DOOR_PORT to a free one\n`,
      });
    } finally {
      taken.close();
    }
  });
});
