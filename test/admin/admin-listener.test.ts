import net from 'node:net';
import { networkInterfaces } from 'node:os';
import request from 'supertest';
import { BffProcess, startBffProcess } from '../helpers/bff-process';
import { Harness, processEnv, startProcessHarness } from '../helpers/harness';
import type { RedisChild } from '../helpers/redis-server';
import { waitFor } from '../helpers/wait-for';
import { ALICE } from './admin-helpers';

/** An IPv4 address of this machine that is not loopback, or undefined when it has none. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

/** Whether a TCP connection to host:port is accepted (true) or refused (false). */
const connects = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, host);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

let parts: Awaited<ReturnType<typeof startProcessHarness>>;
let redis: RedisChild;
let h: Harness;
beforeAll(async () => {
  parts = await startProcessHarness();
  ({ redis, h } = parts);
});
afterAll(() => parts.close());

/** The real server (src/main.ts) with the admin API on an ephemeral port; its port from the start-up line. */
async function serve(
  extra: Record<string, string>,
): Promise<{ bff: BffProcess; adminPort: number; line: string }> {
  const bff = await startBffProcess(
    processEnv(h, redis, { ADMIN_PORT: '0', ADMIN_TOKENS: `alice:${ALICE}`, ...extra }),
  );
  const line = await waitFor('the admin listener', 10_000, async (seen) => {
    seen(bff.output().slice(-300));
    return bff
      .output()
      .split('\n')
      .find((l) => l.includes('"admin_listening"'));
  });
  return { bff, adminPort: (JSON.parse(line) as { port: number }).port, line };
}

const itWithExternal = external ? it : it.skip;
if (!external)
  console.warn(
    'admin-listener: this machine has no non-loopback IPv4 address; the address tests are skipped',
  );

describe('the admin listener (src/process/listeners.ts)', () => {
  itWithExternal('is on 127.0.0.1 by default: refused from the machine’s other address', async () => {
    const { bff, adminPort, line } = await serve({});
    try {
      expect(JSON.parse(line)).toMatchObject({ address: '127.0.0.1', operators: 1 });
      expect(line).not.toContain(ALICE);
      expect(await connects('127.0.0.1', adminPort)).toBe(true);
      expect(await connects(external!, adminPort)).toBe(false);
      // The public port listens on every interface: the address itself is reachable.
      expect(await connects(external!, Number(new URL(bff.url).port))).toBe(true);
      const res = await request(`http://127.0.0.1:${adminPort}`)
        .get('/admin/audit')
        .set('Authorization', `Bearer ${ALICE}`);
      expect(res.status).toBe(200);
      // The public port serves no admin route.
      expect(
        (await request(bff.url).get('/admin/audit').set('Authorization', `Bearer ${ALICE}`)).status,
      ).toBe(404);
    } finally {
      await bff.kill('SIGTERM');
    }
  });

  itWithExternal('ADMIN_HOST=0.0.0.0 widens it to every interface', async () => {
    const { bff, adminPort } = await serve({ ADMIN_HOST: '0.0.0.0' });
    try {
      expect(await connects(external!, adminPort)).toBe(true);
      expect((await request(`http://${external}:${adminPort}`).get('/admin/audit')).status).toBe(401);
    } finally {
      await bff.kill('SIGTERM');
    }
  });

  it('is off without ADMIN_PORT', async () => {
    const bff = await startBffProcess(processEnv(h, redis));
    try {
      await waitFor('the start-up lines', 10_000, async () =>
        bff.output().includes('"metrics_off"') || bff.output().includes('"metrics_listening"')
          ? true
          : undefined,
      );
      expect(bff.output()).not.toContain('admin_listening');
    } finally {
      await bff.kill('SIGTERM');
    }
  });
});
