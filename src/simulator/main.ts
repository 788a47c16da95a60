import { domainOptionsFromEnv } from './domain';
import { createSimulator, DEV_CLIENT, DEV_DOMAIN } from './index';
import type { AuthFailure, RunningSimulator } from './types';

// The only file that reads process.env. Never log the secret.
function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(1);
}

// Handlers first, before anything asynchronous: a SIGTERM at any point of start-up ends the process with 0, and the
// "listening" line (printed later) means a signal is handled.
let running: RunningSimulator | undefined;
const stop = (): void => {
  if (!running) process.exit(0);
  void running.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

/** One line per client and minute that names the fix for a token call with a mismatched secret, never a secret. */
function secretHint(fromEnv: boolean): (event: AuthFailure) => void {
  const last = new Map<string, number>();
  return ({ clientId, reason }) => {
    const now = Date.now();
    if (reason !== 'wrong_secret' || now - (last.get(clientId) ?? -Infinity) < 60_000) return;
    last.set(clientId, now);
    const ours = fromEnv
      ? 'set by SECURITIZE_SECRET'
      : 'the bundled DEV_CLIENT secret, as SECURITIZE_SECRET is unset';
    process.stderr.write(
      `simulator: a token call for client ${clientId} came with a wrong secret: the BFF's SECURITIZE_SECRET must ` +
        `equal this simulator's (${ours}); give the BFF and npm run simulator the same SECURITIZE_SECRET\n`,
    );
  };
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
  // The Domain API: SECURITIZE_DOMAIN_API_KEY, SIMULATOR_DOMAIN_ID and the webhook settings (domain/env.ts).
  const domainApi = domainOptionsFromEnv(env);
  if (typeof domainApi === 'string') fail(domainApi);
  const sim = createSimulator({
    clients: [{ clientId, secret, redirectUrls }],
    envelope,
    accessTokenBytes,
    onAuthFailure: secretHint(!!env.SECURITIZE_SECRET),
    domainApi,
  });
  running = await sim.listen(port, env.SIMULATOR_HOST || '127.0.0.1');
  process.stdout.write(
    `Securitize iD simulator listening on ${running.url} (clientId ${clientId}, ${envelope}); ` +
      `Domain API for domain ${domainApi.domainId ?? DEV_DOMAIN.domainId}\n`,
  );
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
