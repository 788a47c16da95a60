import type { Config } from '../config';
import type { PolicyDefault } from '../policy';
import { tracingWanted } from '../tracing';
import { Check, fail, ok, skip, warn } from './checks';

type Env = Record<string, string | undefined>;

const describeDefault = (d: PolicyDefault) =>
  d.kind === 'policy' ? `policy "${d.policy}"` : d.kind === 'session' ? 'a live session' : 'refused';

/** Vouching, when configured: the policy file's rules and default, and the signing keys. */
export function checkVouching(config: Config, env: Env): Check[] {
  const vouches = config.forwardAuth.port !== undefined || config.policy.apis.length > 0;
  if (!env.POLICY_FILE && !vouches && !env.ASSERTION_SIGNING_KEYS)
    return [
      skip(
        'vouch',
        'vouching',
        'not configured (no POLICY_FILE, FORWARD_AUTH_PORT or ASSERTION_SIGNING_KEYS)',
      ),
    ];
  const checks: Check[] = [];
  const p = config.policy;
  if (env.POLICY_FILE)
    checks.push(
      ok(
        'vouch.policy',
        'POLICY_FILE',
        `${p.rules.length} rule(s), ${p.apis.length} app API(s), ${Object.keys(p.policies).length} named policy(ies); an unmatched path gets ${describeDefault(p.default)}`,
      ),
    );
  else if (vouches)
    checks.push(
      warn(
        'vouch.policy',
        'POLICY_FILE',
        'not set: forward-auth refuses every path',
        'set POLICY_FILE to your rules (docs/app-backend.md)',
      ),
    );
  const a = config.assertion;
  if (a.keysGenerated)
    checks.push(
      warn(
        'vouch.keys',
        'ASSERTION_SIGNING_KEYS',
        'not set: a key is made at each start, so backends cannot keep one and instances disagree',
        'set ASSERTION_SIGNING_KEYS=kid:<key> (docs/configuration.md)',
      ),
    );
  else if (a.keys.length > 0)
    checks.push(
      ok(
        'vouch.keys',
        'ASSERTION_SIGNING_KEYS',
        `key id(s) ${a.keys.map((k) => k.kid).join(', ')}; "${a.keys[0]!.kid}" signs, audience ${a.audience}`,
      ),
    );
  return checks;
}

/** Where spans would go, without credentials or query: scheme, host and path only. */
function tracesUrl(env: Env): URL {
  const own = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (own) return new URL(own);
  return new URL(`${env.OTEL_EXPORTER_OTLP_ENDPOINT!.trim().replace(/\/+$/, '')}/v1/traces`);
}

/** Whether the OTLP endpoint answers at all: any HTTP status means it is reachable. */
export async function checkTracing(env: Env, timeoutMs: number): Promise<Check> {
  let decision;
  try {
    decision = tracingWanted(env);
  } catch (err) {
    return fail(
      'tracing',
      'OTLP endpoint',
      (err as Error).message,
      'set OTEL_EXPORTER_OTLP_ENDPOINT to an http(s) URL',
    );
  }
  if (!decision.on) return skip('tracing', 'OTLP endpoint', `tracing off (${decision.why})`);
  const url = tracesUrl(env);
  const shown = `${url.origin}${url.pathname}`;
  try {
    // Any answer will do, so no credentials are sent (fetch refuses a URL that carries them).
    const res = await fetch(shown, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return ok('tracing', 'OTLP endpoint', `${shown} answers (HTTP ${res.status})`);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return fail(
      'tracing',
      'OTLP endpoint',
      `${shown} does not answer (${cause})`,
      'start the collector, or correct OTEL_EXPORTER_OTLP_ENDPOINT (unset it to turn tracing off)',
    );
  }
}
