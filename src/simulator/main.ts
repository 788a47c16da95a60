import { createSimulator, DEV_CLIENT } from './index';

// The only file that reads process.env. Never log the secret.
function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const env = process.env;
  const port = Number(env.SIMULATOR_PORT || '4000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('SIMULATOR_PORT must be a port number');
  const envelope = env.SIMULATOR_ENVELOPE || 'wrapped';
  if (envelope !== 'wrapped' && envelope !== 'bare') fail('SIMULATOR_ENVELOPE must be wrapped or bare');
  const clientId = env.SECURITIZE_CLIENT_ID || DEV_CLIENT.clientId;
  const secret = env.SECURITIZE_SECRET || DEV_CLIENT.secret;
  const redirectUrls = (env.SIMULATOR_REDIRECT_URLS ?? 'http://localhost:3000/*')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);

  const accessTokenBytes = Number(env.SIMULATOR_ACCESS_TOKEN_BYTES || '0');
  if (!Number.isInteger(accessTokenBytes) || accessTokenBytes < 0)
    fail('SIMULATOR_ACCESS_TOKEN_BYTES must be >= 0');
  const sim = createSimulator({ clients: [{ clientId, secret, redirectUrls }], envelope, accessTokenBytes });
  const running = await sim.listen(port, env.SIMULATOR_HOST || '127.0.0.1');
  process.stdout.write(
    `Securitize iD simulator listening on ${running.url} (clientId ${clientId}, ${envelope})\n`,
  );

  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
