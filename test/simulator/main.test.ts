import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * main.ts in one process, as `node --import tsx`. Not through the tsx CLI: that one forks main.ts into a child and
 * relays a SIGTERM with 30 ms deadlines; on a loaded machine it misses one, SIGKILLs the child and exits 143.
 */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, SIMULATOR_PORT: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return {
    child,
    exited,
    output: () => output,
    /** Resolves with the URL once main.ts printed it, which it does only after its signal handlers are in place. */
    async listening(): Promise<string> {
      while (!/listening on (http:\/\/\S+)/.test(output) && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 10));
      }
      return /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
    },
  };
}

describe('npm run simulator (src/simulator/main.ts)', () => {
  it('listens where told, logs the URL but not the secret, and stops on SIGTERM', async () => {
    const secret = 'super-secret-value-123';
    const main = startMain({
      SECURITIZE_CLIENT_ID: 'client-from-env',
      SECURITIZE_SECRET: secret,
      SIMULATOR_REDIRECT_URLS: 'https://a.test/*, https://b.test/cb',
      SIMULATOR_ENVELOPE: 'bare',
    });
    const url = await main.listening();

    const config = await fetch(`${url}/v1/client-from-env`, { headers: { authorization: secret } });
    expect(await config.json()).toMatchObject({ redirectUrls: ['https://a.test/*', 'https://b.test/cb'] });
    expect(main.output()).not.toContain(secret);

    main.child.kill('SIGTERM');
    expect(await main.exited).toEqual({ code: 0, signal: null });
  });

  it('exits 0 on a SIGTERM sent the moment it says it listens', async () => {
    const main = startMain({});
    main.child.stdout.on('data', () => {
      if (/listening on/.test(main.output())) main.child.kill('SIGTERM');
    });

    expect(await main.exited).toEqual({ code: 0, signal: null });
  });

  it('names SECURITIZE_SECRET, once per client, for token calls with a wrong secret; prints no secret', async () => {
    const secret = 'super-secret-value-123';
    const wrong = 'wrong-value-456';
    const main = startMain({ SECURITIZE_CLIENT_ID: 'client-from-env', SECURITIZE_SECRET: secret });
    const url = await main.listening();
    const post = (path: string, headers: Record<string, string>) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ code: 'x', refreshToken: 'x' }),
      });

    expect((await post('/v1/client-from-env/oauth2/authorize', { authorization: wrong })).status).toBe(401);
    await post('/v1/client-from-env/oauth2/refresh', { authorization: wrong });
    await post('/api/auth/v1/authorize', { clientid: 'client-from-env', authorization: `Bearer ${wrong}` });
    await post('/v1/client-from-env/oauth2/authorize', { authorization: secret });
    main.child.kill('SIGTERM');
    await main.exited;

    const hints = main
      .output()
      .match(/^simulator: a token call for client client-from-env came with a wrong.*$/gm);
    expect(hints).toHaveLength(1);
    expect(hints![0]).toContain("the BFF's SECURITIZE_SECRET must equal this simulator's");
    expect(main.output()).not.toContain(secret);
    expect(main.output()).not.toContain(wrong);
  });

  it('refuses a bad SIMULATOR_ENVELOPE with exit code 1', async () => {
    const main = startMain({ SIMULATOR_ENVELOPE: 'boxed' });

    expect(await main.exited).toEqual({ code: 1, signal: null });
  });
});
