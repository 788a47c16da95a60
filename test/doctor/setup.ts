import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createSimulator } from '../../src/simulator';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

/** Distinctive secret values: a test asserts that none of them is ever printed. */
export const SECRETS = {
  SECURITIZE_SECRET: `probe-secret-${randomBytes(12).toString('hex')}`,
  SESSION_SECRET: randomBytes(32).toString('base64url'),
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  ASSERTION_SIGNING_KEYS: ['k2026', 'k2025'].map((kid) => `${kid}:${signingKey()}`).join(','),
};

/** A P-256 private key, PKCS#8 DER in base64, as ASSERTION_SIGNING_KEYS takes it. */
export function signingKey(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
}
export const CLIENT_ID = '3d7e1f0a-5b2c-4e8d-9a61-7c0b2f4e9d15';
export const PUBLIC_URL = 'https://bff.example.test';
export const OTHER_ENTRY = 'https://partner.example.test/return/*';

export interface SetUp {
  redis: RedisChild;
  sim: ReturnType<typeof createSimulator>;
  running: Awaited<ReturnType<ReturnType<typeof createSimulator>['listen']>>;
  env: Record<string, string>;
  /** POST to the simulator's control surface. */
  control(pathname: string, body: unknown): Promise<void>;
  close(): Promise<void>;
}

/**
 * A good production set-up: the simulator playing Securitize (the allow-list covering PUBLIC_URL
 * and another app's entry), a private redis-server with noeviction and RDB snapshots.
 */
export async function startSetUp(
  opts: { style?: 'direct' | 'gateway'; publicUrl?: string } = {},
): Promise<SetUp> {
  const publicUrl = opts.publicUrl ?? PUBLIC_URL;
  const redis = await startRedisServer();
  await redis.admin.config('SET', 'maxmemory-policy', 'noeviction');
  await redis.admin.config('SET', 'save', '3600 1');
  const sim = createSimulator({
    clients: [
      {
        clientId: CLIENT_ID,
        secret: SECRETS.SECURITIZE_SECRET,
        redirectUrls: [OTHER_ENTRY, `${publicUrl}/*`],
      },
    ],
    acceptBearer: true,
  });
  const running = await sim.listen(0, '127.0.0.1');
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PUBLIC_URL: publicUrl,
    TRUST_PROXY: '1',
    REDIS_URL: redis.url,
    SECURITIZE_CLIENT_ID: CLIENT_ID,
    SECURITIZE_API_URL: running.url,
    SECURITIZE_LOGIN_URL: running.url,
    SECURITIZE_API_STYLE: opts.style ?? 'direct',
    ...SECRETS,
  };
  return {
    redis,
    sim,
    running,
    env,
    async control(pathname, body) {
      const res = await fetch(`${running.url}/__control${pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`control ${pathname}: ${res.status}`);
    },
    async close() {
      await running.close();
      await redis.close();
    },
  };
}

const ROOT = path.join(__dirname, '..', '..');

/** `npm run doctor` as a child process (`node --import tsx`, one process), with exactly `env`. */
export function runDoctorProcess(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/doctor/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => proc.once('close', (code) => resolve({ code, stdout, stderr })));
}
