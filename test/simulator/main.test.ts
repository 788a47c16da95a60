import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('npm run simulator (src/simulator/main.ts)', () => {
  it('listens where told, logs the URL but not the secret, and stops on SIGTERM', async () => {
    const secret = 'super-secret-value-123';
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/simulator/main.ts'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          SIMULATOR_PORT: '0',
          SECURITIZE_CLIENT_ID: 'client-from-env',
          SECURITIZE_SECRET: secret,
          SIMULATOR_REDIRECT_URLS: 'https://a.test/*, https://b.test/cb',
          SIMULATOR_ENVELOPE: 'bare',
        },
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    while (!/listening on (http:\/\/\S+)/.test(output) && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';

    const config = await fetch(`${url}/v1/client-from-env`, { headers: { authorization: secret } });
    expect(await config.json()).toMatchObject({ redirectUrls: ['https://a.test/*', 'https://b.test/cb'] });
    expect(output).not.toContain(secret);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses a bad SIMULATOR_ENVELOPE with exit code 1', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/simulator/main.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, SIMULATOR_PORT: '0', SIMULATOR_ENVELOPE: 'boxed' },
      },
    );
    const [code] = await once(child, 'exit');

    expect(code).toBe(1);
  });
});
