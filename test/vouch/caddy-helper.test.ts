import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { caddyBinary, CADDY_MISSING, startCaddy } from '../helpers/caddy';

const answering = (text: string) => `http://:{{PORT}} {\n\trespond "${text}"\n}`;

/** The Caddy test helper itself: a private Caddy answers on its port and goes away cleanly. */
describe('startCaddy', () => {
  it('finds caddy on PATH', () => {
    // One line naming what is missing, rather than a skipped suite.
    if (!caddyBinary()) throw new Error(CADDY_MISSING);
  });

  it('starts caddy on a free port with its own config and data dirs, answers, and stops cleanly', async () => {
    const caddy = await startCaddy({ site: answering('ok') });
    try {
      expect(caddy.url).toBe(`http://127.0.0.1:${caddy.port}`);
      const res = await fetch(`${caddy.url}/anything`);
      expect([res.status, await res.text()]).toEqual([200, 'ok']);
      // What Caddy keeps for itself went to the temp dir, not the real home.
      expect(existsSync(path.join(caddy.dir, 'config', 'caddy', 'autosave.json'))).toBe(true);
      expect(caddy.errorLog()).toMatch(/"serving initial configuration"/);
      expect(caddy.errorLog()).not.toMatch(/"level":"(error|fatal)"/);
    } finally {
      await caddy.stop();
    }
    await expect(fetch(`${caddy.url}/`)).rejects.toThrow();
    expect(caddy.errorLog()).toMatch(/"shutdown complete","signal":"SIGTERM","exit_code":0/);
    expect(existsSync(caddy.dir)).toBe(false);
  });

  it('fails with one line naming caddy when it cannot be found', async () => {
    const saved = process.env.CADDY_PATH;
    process.env.CADDY_PATH = '/nonexistent/caddy';
    try {
      await expect(startCaddy({ site: answering('x') })).rejects.toThrow(CADDY_MISSING);
    } finally {
      if (saved === undefined) delete process.env.CADDY_PATH;
      else process.env.CADDY_PATH = saved;
    }
    expect(CADDY_MISSING).not.toContain('\n');
  });

  it('fails with the log when the Caddyfile is wrong', async () => {
    await expect(startCaddy({ site: 'http://:{{PORT}} {\n\tbogus_directive\n}' })).rejects.toThrow(
      /unrecognized directive: bogus_directive/,
    );
  });

  it('moves to another port when the first is held by another process', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      const caddy = await startCaddy({ site: answering('moved'), port: taken });
      await caddy.stop();
      expect(caddy.port).not.toBe(taken);
    } finally {
      holder.close();
    }
  });

  // Caddy binds with SO_REUSEPORT, so a second Caddy on a port does not fail: it would share it.
  it('moves to another port when another caddy already has the first, and never shares it', async () => {
    const a = await startCaddy({ site: answering('a') });
    const b = await startCaddy({ site: answering('b'), port: a.port });
    try {
      expect(b.port).not.toBe(a.port);
      const texts = await Promise.all(Array.from({ length: 6 }, () => fetch(a.url).then((r) => r.text())));
      expect(new Set(texts)).toEqual(new Set(['a']));
      expect(await (await fetch(b.url)).text()).toBe('b');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
