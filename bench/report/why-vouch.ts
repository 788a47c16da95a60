import type { SidesProfile, VouchCompareResult } from '../lib/types';
import { median as med } from '../lib/stats';
import { totalCpu } from './vouch';

export const AUTH_EXTRA =
  'Beyond what `/api/me` does (the session read, one Redis round trip of GET + PTTL), every `/auth` reads the ' +
  'session with GETEX, then the sealed facts with a second GET after it, opens them (AES-256-GCM) and parses ' +
  'them, evaluates the policy, hashes the session handle and the assertion cache key (SHA-256 each) and sends the ' +
  'assertion as a header.';
export const GATEWAY_EXTRA =
  'Both forward the same request through the same library (http-proxy-3) and Node’s HTTP client; on top, the ' +
  'product checks the API guards, reads the session, takes the facts it holds in memory for that session ' +
  '(read from Redis and opened only when older than KYC_FACTS_MAX_AGE), evaluates the policy, hashes the session handle and the assertion cache key, rewrites the forwarded headers (the cookie ' +
  'and hop-by-hop ones out, `Authorization: Bearer`, `X-Forwarded-*` in) and writes helmet headers and an access ' +
  'log line; the minimal app-API proxy reads and touches an express-session.';

/** The largest per-request differences of a profile, product minus the other side, as a phrase. */
function profileDiff(p: SidesProfile): string {
  const names = new Set([...p.product.byCategory, ...p.baseline.byCategory].map((k) => k.name));
  const of = (side: SidesProfile['product'], n: string) =>
    side.byCategory.find((k) => k.name === n)?.usPerReq ?? 0;
  const diffs = [...names]
    .map((n) => ({ n, d: of(p.product, n) - of(p.baseline, n) }))
    .filter((k) => Math.abs(k.d) >= 1)
    .sort((a, b) => Math.abs(b.d) - Math.abs(a.d))
    .slice(0, 5);
  const floor = (side: SidesProfile['product']) =>
    of(side, 'Node core (http, net, streams, timers)') +
    of(side, 'V8 and native bindings (GC, socket writes, (program))');
  return (
    ` The profiles (${Math.round(p.product.usPerReq)} against ${Math.round(p.baseline.usPerReq)} µs of samples per ` +
    `request) put ${Math.round(floor(p.product))} and ${Math.round(floor(p.baseline))} µs of them in Node core and ` +
    'V8 (HTTP parsing, sockets, GC), the floor any Node server pays; the largest differences: ' +
    `${diffs.map((k) => `${k.n} ${k.d >= 0 ? '+' : '−'}${Math.round(Math.abs(k.d))} µs`).join(', ')}.`
  );
}

/** Why S9 or S10 missed, from this run's CPU per request (and the profiles of a full run). */
export function whyVouch(c: VouchCompareResult, extra: string): string {
  const best = Math.max(...c.rounds.map((k) => k.ratio));
  const worst = Math.min(...c.rounds.map((k) => k.ratio));
  const m = (side: 'product' | 'baseline', proc: string) =>
    med(c.rounds.map((k) => k[side].cpuUsPerReq[proc] ?? NaN).filter(Number.isFinite));
  const others = (side: 'product' | 'baseline') =>
    ['redis', 'upstream', 'simulator'].reduce(
      (sum, k) => sum + (Number.isFinite(m(side, k)) ? m(side, k) : 0),
      0,
    );
  const needed = totalCpu(c.median.baseline) / c.targetRatio - others('product');
  const upstream = Number.isFinite(m('product', 'upstream'))
    ? `, the upstream ${Math.round(m('product', 'upstream'))} / ${Math.round(m('baseline', 'upstream'))} µs`
    : '';
  return (
    `median ${c.median.ratio.toFixed(2)}x, rounds from ${worst.toFixed(2)}x to ${best.toFixed(2)}x. Median CPU per ` +
    `request: ${c.productLabel} ${Math.round(m('product', 'server'))} µs, ${c.baselineLabel} ` +
    `${Math.round(m('baseline', 'server'))} µs; Redis ${Math.round(m('product', 'redis'))} / ` +
    `${Math.round(m('baseline', 'redis'))} µs${upstream}, all on the same two cores. By CPU alone (every process ` +
    `the request goes through) the ratio would be about ${(totalCpu(c.median.baseline) / totalCpu(c.median.product)).toFixed(2)}x. ` +
    `For ${c.targetRatio}x the product's own share could be at most about ${Math.round(needed)} µs, ` +
    `${Math.abs(Math.round(100 - (100 * needed) / m('baseline', 'server')))} % ` +
    `${needed <= m('baseline', 'server') ? 'below' : 'above'} the other side's. Round by round the product's ` +
    `server CPU per request was ${c.rounds.map((k) => Math.round(k.product.cpuUsPerReq.server ?? NaN)).join(', ')} µs, ` +
    `the other side's ${c.rounds.map((k) => Math.round(k.baseline.cpuUsPerReq.server ?? NaN)).join(', ')} µs. ${extra}` +
    (c.profile ? profileDiff(c.profile) : '')
  );
}
