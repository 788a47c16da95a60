import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBffProcess, type BffProcess } from '../helpers/bff-process';

jest.setTimeout(60_000);
const ROOT = path.join(__dirname, '..', '..');
const MAIN = [
  '--import',
  path.join(ROOT, 'node_modules/tsx/dist/loader.mjs'),
  path.join(ROOT, 'src/main.ts'),
];
// The children get a temp folder of their own, so a development Redis started by another suite
// running alongside is not counted as one of theirs.
const TMP = mkdtempSync(path.join(tmpdir(), 'bff-first-hour-'));
const devRedisDirs = () => readdirSync(TMP).filter((d) => d.startsWith('bff-dev-redis-'));
const devRedisProcesses = (dir: string) => {
  try {
    return execFileSync('pgrep', ['-f', dir]).toString().trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

/** Runs the server to its end (a start-up that fails), with exactly this environment. */
async function runToExit(env: Record<string, string>, cwd = ROOT) {
  const proc = spawn(process.execPath, MAIN, {
    cwd,
    env: { PATH: process.env.PATH ?? '', TMPDIR: TMP, ...env },
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(proc, 'exit')) as [number];
  return { code, out };
}

let busy: Server;
let busyPort: number;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  busyPort = (busy.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => busy.close(r));
  rmSync(TMP, { recursive: true, force: true });
});

describe('the first hour: what a newcomer sees when starting the server', () => {
  it('PORT in use: one Fatal line naming PORT, and everything started before it (simulator, Redis, temp folder) is gone', async () => {
    const before = devRedisDirs();
    const { code, out } = await runToExit({
      PORT: String(busyPort),
      SIMULATOR_PORT: '0',
      APP_BACKEND_PORT: '0',
    });
    expect(code).toBe(1);
    const fatal = out.split('\n').filter((l) => l.startsWith('Fatal:'));
    expect(fatal).toEqual([
      `Fatal: port ${busyPort} is already in use: stop what uses it, or set PORT to another port`,
    ]);
    expect(out).not.toMatch(/\n\s+at /); // no stack trace
    const leftover = devRedisDirs().filter((d) => !before.includes(d));
    expect(leftover).toEqual([]);
  });

  it('a SIGTERM the moment it says it listens (or earlier, during start-up) exits 0 and leaves nothing behind', async () => {
    const before = devRedisDirs();
    for (const trigger of ['"event":"listening"', 'Warning: Using the local']) {
      const proc = spawn(process.execPath, MAIN, {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          TMPDIR: TMP,
          PORT: '0',
          SIMULATOR_PORT: '0',
          APP_BACKEND_PORT: '0',
        },
      });
      let out = '';
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.includes(trigger) && proc.exitCode === null && !proc.killed) proc.kill('SIGTERM');
      };
      proc.stdout.on('data', onData);
      proc.stderr.on('data', onData);
      const [code, signal] = (await once(proc, 'exit')) as [number | null, string | null];
      expect({ trigger, code, signal }).toEqual({ trigger, code: 0, signal: null });
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(devRedisDirs().filter((d) => !before.includes(d))).toEqual([]);
  });

  it('SIMULATOR_PORT in use: the Fatal line names SIMULATOR_PORT', async () => {
    const { code, out } = await runToExit({
      PORT: '0',
      SIMULATOR_PORT: String(busyPort),
      APP_BACKEND_PORT: '0',
    });
    expect(code).toBe(1);
    expect(out).toContain(
      `Fatal: port ${busyPort} is already in use: stop what uses it, or set SIMULATOR_PORT to another port`,
    );
  });

  it('a missing required value names the variable and how to make a value', async () => {
    const { code, out } = await runToExit({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(out).toContain('TOKEN_ENCRYPTION_KEYS: required');
    expect(out).toContain('openssl rand -base64 32');
  });

  it('a misspelled variable is named before the refusal it likely causes', async () => {
    const { code, out } = await runToExit({ NODE_ENV: 'production', SESSION_SECERT: 'x'.repeat(40) });
    expect(code).toBe(1);
    const hint = out.indexOf('Unknown variable SESSION_SECERT is ignored (did you mean SESSION_SECRET?)');
    const refusal = out.indexOf('SESSION_SECRET: required');
    expect([hint > -1, refusal > hint]).toEqual([true, true]);
  });

  describe('a development server', () => {
    let bff: BffProcess;
    let cwd: string;
    beforeAll(async () => {
      cwd = mkdtempSync(path.join(tmpdir(), 'bff-first-hour-'));
      // What a newcomer's .env may hold: a typo, and a value the environment overrides.
      writeFileSync(path.join(cwd, '.env'), 'SESSION_SECERT=typo\nLOG_LEVEL=debug\nSIMULATOR_PORT=0\n');
      bff = await startBffProcess(
        { LOG_LEVEL: 'info', REDIS_ULR: 'redis://x', APP_BACKEND_PORT: '0' },
        { cwd, args: MAIN },
      );
    });
    afterAll(async () => {
      await bff?.kill('SIGTERM');
      rmSync(cwd, { recursive: true, force: true });
    });

    it('says which mode runs, why and where to go; reads .env (the environment wins); warns about misspelled variables', async () => {
      for (let i = 0; i < 100 && !bff.output().includes('Development mode'); i++)
        await new Promise((r) => setTimeout(r, 50));
      const out = bff.output();
      expect(out).toMatch(
        /Development mode \(NODE_ENV is not production\), with the bundled Securitize iD simulator and a throwaway Redis\. Open http:\/\/localhost:/,
      );
      expect(out).toContain(`Read 2 variable(s) from ${path.join(cwd, '.env')}`);
      expect(out).toContain(
        'Warning: Unknown variable SESSION_SECERT is ignored (did you mean SESSION_SECRET?).',
      );
      expect(out).toContain('Warning: Unknown variable REDIS_ULR is ignored (did you mean REDIS_URL?).');
      // LOG_LEVEL=debug from the file lost to the environment's info: no debug lines.
      expect(out).not.toContain('"level":20');
    });

    it('notices its own Redis dying and starts it again; the server becomes ready again without a restart', async () => {
      const connected = /connected to Redis at (\/tmp\/bff-dev-redis-[^/]+)\//;
      for (let i = 0; i < 100 && !connected.test(bff.output()); i++)
        await new Promise((r) => setTimeout(r, 50));
      const dir = connected.exec(bff.output())![1]!;
      const [pid] = devRedisProcesses(dir);
      process.kill(Number(pid), 'SIGKILL');
      for (let i = 0; i < 100 && !bff.output().includes('was started again'); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(bff.output()).toContain(
        'Warning: the development redis-server exited (SIGKILL) and was started again; sessions were lost',
      );
      let ready = 0;
      for (let i = 0; i < 60 && ready !== 200; i++) {
        ready = (await fetch(`${bff.url}/readyz`)).status;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(200);
    });
  });

  it('a REDIS_URL that cannot be reached: it keeps starting, one line names the address (no password) and says it keeps retrying', async () => {
    const bff = await startBffProcess({
      NODE_ENV: 'test',
      REDIS_URL: 'redis://someone:hunter2@127.0.0.1:1',
      SESSION_SECRET: 'x'.repeat(8) + 'abcdefghijklmnopqrstuvwxyz',
      TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
      SECURITIZE_CLIENT_ID: 'c',
      SECURITIZE_SECRET: 's',
    });
    try {
      await new Promise((r) => setTimeout(r, 2500));
      expect((await fetch(`${bff.url}/readyz`)).status).toBe(503);
      const lines = bff
        .output()
        .split('\n')
        .filter((l) => l.includes('"redis_unreachable"'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('cannot reach Redis at redis://127.0.0.1:1; the BFF keeps retrying');
      expect(bff.output()).not.toContain('hunter2');
    } finally {
      await bff.kill('SIGTERM');
    }
  });
});
