import type { BenchResults } from '../lib/types';
import { int } from './format';

/** Why S12 missed its target, from this run's numbers: [title, text] pairs. */
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
  return out;
}
