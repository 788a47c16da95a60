import proxyaddr from 'proxy-addr';

/**
 * TRUST_PROXY: how far to believe X-Forwarded-For and X-Forwarded-Proto. A number counts proxy
 * hops (0: none); a list names the proxies by address (`loopback`, `10.0.0.0/8`, `192.168.1.5`,
 * as Express's `trust proxy` takes them). Only proxies named by address are believed about trace
 * context: a hop count cannot tell a proxy from a client that connects directly.
 */
export type TrustProxy = number | readonly string[];

const PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

export function parseTrustProxy(value: string | undefined, problems: string[]): TrustProxy {
  if (value === undefined) return 0;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 10) return hops;
    problems.push('TRUST_PROXY: a hop count from 0 to 10, or a list of proxy addresses');
    return 0;
  }
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  list.forEach((entry, i) => {
    if (PRESETS.includes(entry)) return;
    try {
      proxyaddr.compile([entry]);
    } catch {
      problems.push(
        `TRUST_PROXY (entry ${i + 1}): must be an IP address, a CIDR range, or one of ${PRESETS.join(', ')}`,
      );
    }
  });
  if (list.length === 0) problems.push('TRUST_PROXY: a hop count, or a list of proxy addresses');
  return list;
}
