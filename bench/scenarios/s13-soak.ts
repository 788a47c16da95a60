import { Agent } from 'node:http';
import type { Ctx } from '../lib/context';
import { http } from '../lib/http';
import { logEvents } from '../lib/log-events';
import { login, PRODUCT_HEADERS } from '../lib/login';
import { SEEDED } from '../../src/simulator/fixtures/ids';
import { fmt, progress } from '../lib/progress';
import { SoakPlan, soakLoad, SoakTarget } from '../lib/soak-load';
import type { SoakInstance, SoakResult, UpstreamConnections } from '../lib/types';
import { GATEWAY_PREFIX, startVouchingProduct, VouchingProduct } from '../lib/vouch';
import { soakNotes } from './s13-notes';

const PATH = `${GATEWAY_PREFIX}/orders`;
/** The gateway's idle timeout for pooled connections when POLICY_FILE sets none (src/config/policy-file.ts). */
const GATEWAY_KEEP_ALIVE_MS = 4000;
const PAUSE_MS: [number, number] = [3500, 6500];
const MEAN_PAUSE_S = (PAUSE_MS[0] + PAUSE_MS[1]) / 2 / 1000;
/** Share of the load sent at a steady rate; the rest comes from clients and waves that pause. */
const BACKGROUND_SHARE = 0.3;

/**
 * The load for `rate` req/s over both instances: 30 % steady; a wave on each instance of rate/8
 * requests at once every 3.5–6.5 s (what opens pooled connections that then sit idle until the
 * next wave, since the rest of the load needs only a few); the remainder from clients that pause.
 */
export function soakPlan(rate: number, seconds: number): SoakPlan {
  const waveSize = Math.round(rate / 8);
  const backgroundRate = Math.round(rate * BACKGROUND_SHARE);
  const clientRate = rate - backgroundRate - (2 * waveSize) / MEAN_PAUSE_S;
  return {
    seconds,
    clients: Math.round(clientRate * MEAN_PAUSE_S),
    pauseMs: PAUSE_MS,
    waveSize,
    backgroundRate,
  };
}

/** A fresh connection each time (`Connection: close`), so asking never adds to the pool it reports on. */
async function upstreamStats(url: string, reset: boolean): Promise<UpstreamConnections | null> {
  const r = await http(`${url}/__stats${reset ? '?reset=1' : ''}`, { agent: new Agent() });
  return r.status === 200 ? (JSON.parse(r.body) as UpstreamConnections) : null;
}

const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);

/**
 * Scenario 13: two vouching product instances forward `GET /app-api/x/orders` to one Node upstream
 * that keeps Node's default keep-alive (5 s), under a load shaped so that the gateways' pooled
 * connections go idle for about that long; every answer is counted by status, and every
 * `upstream_retry` the instances log. The target: no 502.
 */
export async function scenarioSoak(ctx: Ctx): Promise<SoakResult> {
  const { stack, opts } = ctx;
  const plan = soakPlan(opts.sizes.soakRate, opts.sizes.soakSeconds);
  const upstream = await stack.startBaseline('upstream', {
    KEEP_ALIVE_TIMEOUT_MS: 'node-default',
    TRACK_CONNECTIONS: '1',
  });
  const started: Array<{ stop(): Promise<void> }> = [upstream];
  try {
    const target = `${upstream.url}/base`;
    const logs = [logEvents(), logEvents()];
    const starts = await Promise.allSettled(
      logs.map((log, i) =>
        startVouchingProduct(stack, `product-soak-${i + 1}`, { upstream: target, onStdoutLine: log.line }),
      ),
    );
    for (const s of starts) if (s.status === 'fulfilled') started.push(s.value);
    for (const s of starts) if (s.status === 'rejected') throw s.reason;
    const ps = starts.map((s) => (s as PromiseFulfilledResult<VouchingProduct>).value);
    // A session of the verified investor on each, from a real login through it.
    const cookies = await Promise.all(ps.map((p) => login(p.product.url, stack.sim.url, SEEDED.verified)));
    const targets: SoakTarget[] = ps.map((p, i) => ({
      url: p.product.url + PATH,
      headers: { ...PRODUCT_HEADERS, cookie: cookies[i]!, 'x-csrf': '1' },
    }));
    for (const [i, t] of targets.entries()) {
      const r = await http(t.url, { headers: t.headers });
      if (r.status !== 200)
        throw new Error(`product-soak-${i + 1} GET ${PATH} answered ${r.status} before the load`);
    }
    // Read with a keep-alive request: to one that asks to close, a Node server sends no Keep-Alive.
    const probe = new Agent({ keepAlive: true });
    const direct = await http(`${target}/orders`, { agent: probe });
    probe.destroy();
    const upstreamKeepAlive = String(direct.headers['keep-alive'] ?? '(none)');
    await upstreamStats(upstream.url, true);
    for (const log of logs) log.reset();
    progress(
      `S13 ${plan.seconds} s: ${plan.clients} clients and a wave of ${plan.waveSize} per instance, pausing ` +
        `${PAUSE_MS.map((v) => v / 1000).join('–')} s, + ${plan.backgroundRate} req/s steady, over 2 instances; ` +
        `the upstream answers Keep-Alive: ${upstreamKeepAlive}`,
    );
    const load = await soakLoad(targets, plan);
    // The instances write their last lines as the answers go out: a moment for the pipe to drain.
    await new Promise((r) => setTimeout(r, 300));
    const up = await upstreamStats(upstream.url, false);
    const instances: SoakInstance[] = load.perTarget.map((c, i) => {
      const events = logs[i]!.counts();
      return {
        name: `product-soak-${i + 1}`,
        requests: c.requests,
        byStatus: c.byStatus,
        transportErrors: c.errors,
        logEvents: events,
        logLines: logs[i]!.lines(),
        retries: events.upstream_retry ?? 0,
      };
    });
    const statusTotal = (s: string) => sum(instances.map((k) => k.byStatus[s] ?? 0));
    const other: Record<string, number> = {};
    for (const k of instances)
      for (const [s, n] of Object.entries(k.byStatus))
        if (s !== '200' && s !== '502') other[s] = (other[s] ?? 0) + n;
    const requests = sum(instances.map((k) => k.requests));
    const total = {
      requests,
      ok: statusTotal('200'),
      badGateway: statusTotal('502'),
      other,
      transportErrors: sum(instances.map((k) => sum(Object.values(k.transportErrors)))),
      retries: sum(instances.map((k) => k.retries)),
      p50Ms: load.p50Ms,
      p99Ms: load.p99Ms,
    };
    const plannedRate = plan.backgroundRate + (plan.clients + 2 * plan.waveSize) / MEAN_PAUSE_S;
    progress(
      `S13 ${fmt.int(requests)} requests (${fmt.int(requests / load.seconds)} req/s): ${fmt.int(total.ok)} 200, ` +
        `${total.badGateway} 502, other ${JSON.stringify(other)}, ${total.transportErrors} transport errors, ` +
        `${total.retries} upstream_retry; upstream: ` +
        (up
          ? `${up.connections} connections, ${up.closedByClient} closed by the proxies, ${up.closedByServer} by itself`
          : 'no stats'),
    );
    // An access line a request: far fewer lines means the count of log events cannot be trusted.
    for (const k of instances.filter((k) => k.logLines < k.requests / 2))
      ctx.problems.push(
        `S13: ${k.name} wrote ${k.logLines} log lines for ${k.requests} requests: its log was not read`,
      );
    if (total.ok < requests / 2)
      ctx.problems.push(
        `S13: only ${total.ok} of ${requests} requests answered 200: the soak did not run properly`,
      );
    return {
      seconds: load.seconds,
      plannedRate,
      achievedRate: requests / load.seconds,
      clients: plan.clients,
      pauseMs: plan.pauseMs,
      waveSize: plan.waveSize,
      backgroundRate: plan.backgroundRate,
      upstreamKeepAlive,
      gatewayKeepAliveMs: GATEWAY_KEEP_ALIVE_MS,
      instances,
      total,
      upstream: up,
      target: 0,
      met: total.badGateway === 0,
      notes: soakNotes(plan, upstreamKeepAlive, GATEWAY_KEEP_ALIVE_MS),
    };
  } finally {
    await Promise.allSettled(started.map((s) => s.stop()));
  }
}
