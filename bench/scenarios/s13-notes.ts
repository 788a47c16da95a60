import type { SoakPlan } from '../lib/soak-load';

/** How S13 loads and counts, for its section of docs/performance.md. */
export function soakNotes(plan: SoakPlan, upstreamKeepAlive: string, gatewayKeepAliveMs: number): string[] {
  const [min, max] = plan.pauseMs.map((v) => v / 1000);
  return [
    'Two product instances started for S13 as for S10 (`FORWARD_AUTH_PORT`, `ASSERTION_SIGNING_KEYS`, a ' +
      '`POLICY_FILE` whose `apis` entry sets no `keepAliveMs`, so the app-API proxy’s default applies: pooled ' +
      `connections idle for ${gatewayKeepAliveMs / 1000} s close, or a second before the upstream's own ` +
      '`Keep-Alive: timeout=N` if that is shorter) forward to one upstream process (`bench/servers/upstream.ts`) ' +
      `that keeps Node's default keep-alive; it answered \`Keep-Alive: ${upstreamKeepAlive}\`. Each instance's ` +
      'requests carry the session cookie of the verified investor from a real login through it, ' +
      '`X-Forwarded-Proto: https` and `X-CSRF: 1`.',
    `The load: ${plan.clients} clients, half on each instance, each sending \`GET /app-api/x/orders\`, waiting ` +
      `for the answer and pausing a random ${min}–${max} s (started spread over the first ${max} s); on each ` +
      `instance a wave of ${plan.waveSize} requests sent at once, answered, then the same kind of pause; and ` +
      `a steady ${plan.backgroundRate} req/s sent open-loop, alternating between the instances. The steady ` +
      'load and the clients keep a few pooled connections busy (the pool hands out the last one freed); a ' +
      'wave needs more at once, and those then sit idle until the next wave, 3.5–6.5 s later: around the ' +
      'upstream’s 5 s, where the review’s 502s came from.',
    'Counted: every answer by status at the bench, requests that got no answer (transport errors) and the ' +
      'instances’ warn and error log lines by event: for S13 only, the bench reads the stdout of its two ' +
      'instances instead of sending it to /dev/null. `upstream_retry` is the proxy sending a bodiless ' +
      'idempotent request again, once, on a new connection after a reused one failed before any answer byte.',
    'The bench’s own connections to the instances are keep-alive and close after 2 s idle, before the ' +
      'instances’ own keep-alive (Node’s 5 s) could close one under a request of the bench’s: that hop is ' +
      'not what is measured. Its requests are never retried.',
    'The upstream counts what it sees of its connections (`TRACK_CONNECTIONS=1`; S10’s upstream does not): ' +
      'how many the proxies opened, which of them they closed (their FIN first: the pool retired an idle ' +
      'connection) and which the upstream closed itself (its keep-alive timeout: each such close is one the ' +
      'gateway could have reused just as it went), and how long a connection had been idle when a request ' +
      'reused it.',
  ];
}
