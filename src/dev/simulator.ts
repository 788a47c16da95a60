import { createSimulator, DEV_CLIENT } from '../simulator';
import type { DevHooks } from './hooks';
import { devWebhooks } from './webhooks';

type Env = Record<string, string | undefined>;

/**
 * The bundled Securitize iD simulator on 127.0.0.1 (SIMULATOR_PORT, 4000 by default), accepting
 * redirects to PUBLIC_URL/*, with the development client's id and secret, and sending its KYC
 * webhooks to this BFF.
 */
export async function startDevSimulator(env: Env, hooks: DevHooks) {
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${Number(env.PORT ?? 3000)}`;
  const sim = createSimulator({
    clients: [{ ...DEV_CLIENT, redirectUrls: [`${publicUrl.replace(/\/$/, '')}/*`] }],
  });
  const simPort = Number(env.SIMULATOR_PORT ?? 4000);
  const listening = await sim.listen(simPort, '127.0.0.1').catch((err: NodeJS.ErrnoException) => {
    throw hooks.portError(err, simPort, 'SIMULATOR_PORT');
  });
  hooks.onStop(listening.close);
  return {
    apiUrl: listening.url,
    loginUrl: listening.url.replace('127.0.0.1', 'localhost'),
    ...DEV_CLIENT,
    webhooks: devWebhooks(env, sim, listening.url),
  };
}
