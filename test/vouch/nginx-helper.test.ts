import { nginxAvailable, NGINX_MISSING, startNginx } from '../helpers/nginx';

/** The nginx test helper itself: a private nginx answers on its port and goes away cleanly. */
describe('startNginx', () => {
  it('finds nginx installed', () => {
    // One line naming what is missing, rather than a skipped suite.
    if (!nginxAvailable()) throw new Error(NGINX_MISSING);
  });

  it('starts nginx on a free port, answers, and stops cleanly', async () => {
    const nginx = await startNginx({
      servers: `server {
        listen 127.0.0.1:{{PORT}};
        location / { default_type text/plain; return 200 'ok'; }
      }`,
    });
    let pid = NaN;
    try {
      expect(nginx.url).toBe(`http://127.0.0.1:${nginx.port}`);
      const res = await fetch(`${nginx.url}/anything`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('ok');
      // Logged by the master once it forked the worker, so certainly by the time the worker answered.
      pid = Number(nginx.errorLog().match(/start worker process (\d+)/)?.[1]);
      expect(nginx.errorLog()).not.toMatch(/\[(emerg|alert|crit)\]/);
    } finally {
      await nginx.stop();
    }
    // The port is closed, the worker is gone and so is the temp dir with its error log.
    await expect(fetch(`${nginx.url}/`)).rejects.toThrow();
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    expect(nginx.errorLog()).toBe('');
  });

  it('fails with the error log when the config is wrong', async () => {
    await expect(
      startNginx({ servers: 'server { listen 127.0.0.1:{{PORT}}; bogus_directive; }' }),
    ).rejects.toThrow(/unknown directive "bogus_directive"/);
  });

  it('gives each instance its own port and temp dir', async () => {
    const a = await startNginx({ servers: "server { listen 127.0.0.1:{{PORT}}; return 200 'a'; }" });
    const b = await startNginx({ servers: "server { listen 127.0.0.1:{{PORT}}; return 200 'b'; }" });
    try {
      expect(a.port).not.toBe(b.port);
      expect(await (await fetch(a.url)).text()).toBe('a');
      expect(await (await fetch(b.url)).text()).toBe('b');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
