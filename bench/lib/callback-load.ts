import type { Stack } from './stack';
import { pool } from './http';
import type { LoadSpec } from './load';
import { callbackPath, INVESTORS, issueCode, loginSucceeded, openLogin, PRODUCT_HEADERS } from './login';

/** Connections of the login loads (S3, S14). */
export const CALLBACK_CONNECTIONS = 50;
type Prepared = { path: string; headers: Record<string, string> };

/** Hands out prepared requests one by one; past the end it repeats the last, which then fails visibly. */
function queue(items: Prepared[]): () => Prepared {
  let i = 0;
  return () => items[Math.min(i++, items.length - 1)]!;
}

/** Logins per run: a quarter for the warm-up (`round` −1). */
export const loginsFor = (total: number, round: number) => (round < 0 ? total / 4 : total);

/**
 * A load of `n` GET /callback requests to `url`, each prepared untimed just before the run with its
 * own one-time code from the simulator (`prepare` builds one request from it); every 303 to the app
 * without `?error=` is a completed login. autocannon builds one request more per connection than it
 * sends, so a few spare are prepared.
 */
export async function callbackLoad(
  stack: Stack,
  target: { url: string; pid: number },
  n: number,
  prepare: (code: string) => Promise<Prepared>,
  onOk?: () => void,
): Promise<LoadSpec> {
  const items = await pool(n + CALLBACK_CONNECTIONS + 10, 16, async (i) =>
    prepare(await issueCode(stack.sim.url, INVESTORS[i % INVESTORS.length]!)),
  );
  return {
    url: target.url,
    path: '/callback',
    connections: CALLBACK_CONNECTIONS,
    amount: n,
    next: queue(items),
    ok: (status, headers) => {
      const ok = loginSucceeded(status, headers.location);
      if (ok) onOk?.();
      return ok;
    },
    pids: { server: target.pid, redis: stack.redis.pid, simulator: stack.sim.pid },
  };
}

/** A full login through a product instance: its own transaction (GET /login), then the callback. */
export const productLogin =
  (productUrl: string) =>
  async (code: string): Promise<Prepared> => {
    const pending = await openLogin(productUrl);
    return { path: callbackPath(pending, code), headers: { ...PRODUCT_HEADERS, cookie: pending.txCookie } };
  };
