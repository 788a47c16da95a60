import type { BenchResults, TargetRow } from '../lib/types';
import { gb, int, mb, ms, x } from './format';

/** One line per target of the issue: what was asked, what was measured, met or not. */
export function targetRows(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const c of [r.s1, r.s2, r.s3]) {
    if (!c) continue;
    rows.push({
      scenario: `${c.id} ${c.title}`,
      target: `≥ ${c.targetRatio.toFixed(1)}x ${c.baselineLabel} req/s`,
      measured: `${x(c.median.ratio)} (median of ${c.rounds.length}; rounds ${c.rounds.map((k) => x(k.ratio)).join(', ')})`,
      met: c.met,
    });
  }
  if (r.s2) {
    const f = r.s2.fixedRate;
    rows.push({
      scenario: `S2 at a fixed ${f.rate} req/s`,
      target: `p50 added over calling the simulator directly < ${f.targetAddedP50Ms} ms`,
      measured:
        `${ms(f.medianAddedP50Ms)} (median of ${f.rounds.length})` +
        (f.medianBaselineAddedP50Ms === undefined
          ? ''
          : `; the minimal proxy adds ${ms(f.medianBaselineAddedP50Ms)} at the same rate`),
      met: f.met,
    });
  }
  if (r.s4) {
    const s = r.s4;
    const worst = Math.max(...s.repeats.map((k) => k.p99Ms));
    rows.push({
      scenario: `S4 refresh storm (${s.concurrency} concurrent, ${s.instances} instances)`,
      target: `exactly 1 refresh, all succeed, p99 ≤ refresh latency (${ms(s.directRefreshMedianMs)}) + 100 ms`,
      measured:
        `refreshes ${s.repeats.map((k) => k.refreshes).join(', ')}; ` +
        `ok ${s.repeats.map((k) => `${k.ok}/${k.total}`).join(', ')}; worst p99 ${ms(worst)}; ` +
        `the same burst with a live token (no refresh): worst p99 ${ms(Math.max(...s.repeats.map((k) => k.controlP99Ms)))}`,
      met: s.met,
    });
  }
  if (r.s5) {
    const m = r.s5;
    const find = (tokens: string, spread: string) =>
      int(m.synthetic.find((k) => k.tokens === tokens && k.spread === spread)?.bytesPerSession ?? NaN);
    rows.push({
      scenario: 'S5 Redis memory per session (1.1 KB access token)',
      target: `≤ ${int(m.target)} bytes`,
      measured:
        `product path ${int(m.product.bytesPerSession)} B (simulator token of ${int(m.product.accessTokenChars)} chars, 9 investors); ` +
        `same tokens, one investor per session ${find('simulator', 'one-per-session')} B; ` +
        `random 1.1 KB tokens ${find('random', 'nine-investors')} B / ${find('random', 'one-per-session')} B`,
      met: m.met,
    });
  }
  if (r.s6) {
    const s = r.s6;
    const last = s.samples[s.samples.length - 1]!;
    rows.push({
      scenario: `S6 BFF memory, 1,000 → ${int(last.sessions)} sessions`,
      target: `RSS grows ≤ ${mb(s.targetBytes)}`,
      measured: `RSS ${s.rssDeltaBytes < 0 ? '−' : '+'}${mb(Math.abs(s.rssDeltaBytes))} (${mb(last.rssBytes)} at the end), heap used ${mb(last.heapUsedBytes)}`,
      met: s.met,
    });
  }
  if (r.s7) {
    rows.push({
      scenario: 'S7 CPU profile of S1',
      target: 'top functions summarised below',
      measured: `${int(r.s7.sampledMs)} ms of samples at ${int(r.s7.reqPerSec)} req/s`,
      met: null,
    });
  }
  if (r.s8) {
    const c = r.s8;
    const cpu = (side: 'product' | 'baseline', k: string) => int(c.median[side].cpuUsPerReq[k] ?? NaN);
    const added = (k: string) => int(c.addedCpuUsPerReq[k] ?? NaN);
    rows.push({
      scenario: `${c.id} ${c.title}`,
      target: `≥ ${c.targetRatio.toFixed(1)}x req/s of ${c.baselineLabel.replace(/^the same with /, '')} (informational)`,
      measured:
        `${x(c.median.ratio)} (median of ${c.rounds.length}; rounds ${c.rounds.map((k) => x(k.ratio)).join(', ')}); ` +
        `server CPU ${cpu('product', 'server')} / ${cpu('baseline', 'server')} µs/req on / off, ` +
        `the limiter adds ${added('server')} µs in the BFF and ${added('redis')} µs in Redis`,
      met: c.met,
    });
  }
  for (const c of [r.s9, r.s10]) {
    if (!c) continue;
    const cpu = (side: 'product' | 'baseline') => int(c.median[side].cpuUsPerReq.server ?? NaN);
    rows.push({
      scenario: `${c.id} ${c.title}`,
      target: `≥ ${c.targetRatio.toFixed(1)}x ${c.baselineLabel} req/s (-c ${c.connections})`,
      measured:
        `${x(c.median.ratio)} (median of ${c.rounds.length}; rounds ${c.rounds.map((k) => x(k.ratio)).join(', ')}); ` +
        `server CPU ${cpu('product')} / ${cpu('baseline')} µs/req` +
        (c.id === 'S10'
          ? '; the product signs an assertion (cached) and checks a policy (facts cached), the baseline does neither'
          : ', both sides the same process and session'),
      met: c.met,
    });
  }
  if (r.s11) {
    const c = r.s11;
    const cpu = (side: 'product' | 'baseline') => int(c.median[side].cpuUsPerReq.server ?? NaN);
    rows.push({
      scenario: `${c.id} ${c.title}`,
      target: `on ≥ ${c.targetRatio.toFixed(1)}x off req/s`,
      measured:
        `${x(c.median.ratio)} (median of ${c.rounds.length}; rounds ${c.rounds.map((k) => x(k.ratio)).join(', ')}); ` +
        `server CPU ${cpu('product')} / ${cpu('baseline')} µs/req on / off; ` +
        `${c.spansPerRequest.toFixed(2)} spans exported a request` +
        (c.sampled ? `; one trace in ten sampled: ${x(c.sampled.ratio)}` : ''),
      met: c.met,
    });
  }
  if (r.s12) {
    const p = r.s12;
    const w = p.worstCase;
    rows.push({
      scenario: 'S12 Redis bytes per pending login (cookie-less GET /login)',
      target: `bytes per pending login, worst case ≤ ${int(p.target)}`,
      measured:
        `typical ${int(p.typicalBytes)} B, worst ${int(p.worstBytes)} B (1,024-character returnTo); ` +
        `rate-limit key ${int(p.rateLimitKeyBytes)} B; at the defaults one address can hold ` +
        `${int(w.pendingPerAddress)} pending logins, ${mb(w.bytesPerAddress)}, 1,000 addresses ${gb(w.bytesPer1000Addresses)}`,
      met: p.met,
    });
  }
  if (r.s13) {
    const s = r.s13;
    const t = s.total;
    rows.push({
      scenario: 'S13 app-API proxy soak (two instances, one Node upstream, keep-alive 5 s)',
      target: '502 answers = 0',
      measured:
        `${int(t.badGateway)} of ${int(t.requests)} requests (${Math.round(s.seconds)} s at ${int(s.achievedRate)} req/s); ` +
        `${int(t.ok)} answered 200, ${int(t.requests - t.ok - t.badGateway - t.transportErrors)} other statuses, ` +
        `${int(t.transportErrors)} transport errors; ${int(t.retries)} upstream_retry`,
      met: s.met,
    });
  }
  if (r.s14) {
    const c = r.s14;
    const cpu = (side: 'product' | 'baseline') => int(c.median[side].cpuUsPerReq.server ?? NaN);
    rows.push({
      scenario: `${c.id} ${c.title}`,
      target: `on ≥ ${c.targetRatio.toFixed(1)}x off logins/s (informational)`,
      measured:
        `${x(c.median.ratio)} (median of ${c.rounds.length}; rounds ${c.rounds.map((k) => x(k.ratio)).join(', ')}); ` +
        `BFF CPU ${cpu('product')} / ${cpu('baseline')} µs per login on / off; ` +
        `${int(c.stream.bytesPerEvent)} bytes of Redis an event`,
      met: c.met,
    });
  }
  if (r.s15) {
    const w = r.s15;
    const each = w.polled.map((n) => {
      const b = w.byInstance[n]!;
      return `${n} median ${ms(b.medianMs)}, max ${ms(b.maxMs)}${b.missed ? `, ${b.missed} not seen` : ''}`;
    });
    rows.push({
      scenario: `S15 a webhook on instance 1, the first changed decision on the others`,
      target: 'every instance within 1 s',
      measured: `${each.join('; ')} (${w.repetitions.length} changes)`,
      met: w.polled.every((n) => w.byInstance[n]!.maxMs <= 1000 && w.byInstance[n]!.missed === 0),
    });
  }
  return rows;
}
