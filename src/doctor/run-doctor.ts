import { Check, failed, skip } from './checks';
import { checkConfig } from './config-check';
import { checkFront } from './front-check';
import { checkRedis } from './redis-check';
import { checkSecuritize } from './securitize-check';
import { checkTracing, checkVouching } from './vouch-check';
import { checkWebhooks } from './webhook-check';

type Env = Record<string, string | undefined>;

export interface DoctorOptions {
  /** Per network check (Redis, Securitize, OTLP). */
  timeoutMs: number;
  now?: () => number;
}

export interface DoctorResult {
  ok: boolean;
  checks: Check[];
}

/**
 * Every check, in the order a team fixes things: the configuration first (nothing else can be
 * checked without it), then Redis, Securitize, the front and vouching. Checks that need a valid
 * configuration are reported as skipped when it is not.
 */
export async function runDoctor(env: Env, opts: DoctorOptions): Promise<DoctorResult> {
  const { checks, config } = checkConfig(env);
  if (!config) {
    const why = 'the configuration has problems (above)';
    checks.push(
      skip('redis', 'Redis', why),
      skip('securitize', 'Securitize', why),
      skip('webhooks', 'Securitize webhooks', why),
      skip('front', 'front', why),
      skip('vouch', 'vouching', why),
    );
  } else {
    const [redis, securitize, webhooks] = await Promise.all([
      checkRedis(config, opts.timeoutMs),
      checkSecuritize(config, opts.timeoutMs, opts.now),
      checkWebhooks(config, opts.timeoutMs),
    ]);
    checks.push(...redis, ...securitize, ...webhooks, ...checkFront(config), ...checkVouching(config, env));
  }
  checks.push(await checkTracing(env, opts.timeoutMs));
  return { ok: !failed(checks), checks };
}
