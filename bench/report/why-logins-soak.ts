import type { BenchResults } from '../lib/types';
import { int } from './format';

const list = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(', ') || 'nothing at warn or error level';

/** Why S12 or S13 missed its target, from this run's numbers: [title, text] pairs. */
export function whyLoginsSoak(r: BenchResults): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const p = r.s12;
  if (p && !p.met) {
    const worst = p.runs.reduce((a, b) => (b.bytesPerPendingLogin > a.bytesPerPendingLogin ? b : a));
    out.push([
      'S12',
      `worst ${int(p.worstBytes)} bytes per pending login against ${int(p.target)} (${worst.label}). The stored ` +
        `value is ${int(worst.stored?.valueChars ?? NaN)} characters (the returnTo in JSON with createdAt and ` +
        `crossSite), in a \`${worst.memoryUsage.txsEncoding}\` hash (a value over 64 bytes makes a hash a hash ` +
        `table rather than a listpack); \`MEMORY USAGE\` gives ${int(worst.memoryUsage.txs)} bytes for such a key, ` +
        'the rest is the key’s entry and its expiry in the main dictionaries. Under the target would take a ' +
        'shorter cap on returnTo or a more compact record.',
    ]);
  }
  const s = r.s13;
  if (s && !s.met) {
    const u = s.upstream;
    out.push([
      'S13',
      `${int(s.total.badGateway)} of ${int(s.total.requests)} requests answered 502 ` +
        `(${s.instances.map((k) => `${k.name} ${int(k.byStatus['502'] ?? 0)}`).join(', ')}). The instances ` +
        `logged ${s.instances.map((k) => `${k.name}: ${list(k.logEvents)}`).join('; ')}; ` +
        `${int(s.total.retries)} \`upstream_retry\` in all. ` +
        (u
          ? `The upstream closed ${int(u.closedByServer)} connections itself (its keep-alive timeout), each one the ` +
            `proxy could have reused just as it closed, and the proxies closed ${int(u.closedByClient)} idle ones. `
          : '') +
        'The requests are bodiless GETs, so a reused connection that failed before any answer byte is sent ' +
        'again once; a 502 whose cause is ECONNRESET or EPIPE means the new connection failed too, or the ' +
        'failure came after an answer byte; another cause (ECONNREFUSED, a timeout) points away from the pool.',
    ]);
  }
  return out;
}
