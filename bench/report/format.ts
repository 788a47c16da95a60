/** Small formatting helpers for the markdown report. */
export const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(n < 10 ? 2 : 1)} ms` : 'n/a');
export const x = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : 'n/a');
export const mb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(1)} MB` : 'n/a');
export const gb = (bytes: number) =>
  Number.isFinite(bytes) ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : 'n/a';
export const yes = (met: boolean | null) => (met === null ? '–' : met ? '**yes**' : '**no**');

export function table(head: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) =>
    `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const LOGGING =
  /^(pino.*|sonic-boom|fast-redact|@pinojs\/.*|quick-format-unescaped|safe-stable-stringify|thread-stream|atomic-sleep|on-exit-leak-free)$/;
const REDIS =
  /^(ioredis|@ioredis\/.*|redis-parser|redis-errors|denque|cluster-key-slot|standard-as-callback|lodash\..*)$/;

/** Groups a profile's packages into what they are for, to say where the time goes. */
export function category(pkg: string): string {
  if (pkg === 'bff (dist/)') return 'the BFF’s own code';
  if (pkg === 'node core') return 'Node core (http, net, streams, timers)';
  if (pkg === 'node core: crypto') return 'crypto (cookie HMAC, AES-GCM, ids)';
  if (pkg.startsWith('(')) return 'V8 and native bindings (GC, socket writes, (program))';
  if (LOGGING.test(pkg)) return 'logging (pino)';
  if (REDIS.test(pkg)) return 'Redis client (ioredis)';
  if (pkg === 'helmet') return 'helmet';
  if (pkg === 'prom-client') return 'metrics (prom-client)';
  if (pkg === 'axios' || pkg.startsWith('follow-redirects') || pkg === 'form-data') return 'axios';
  return 'express, router and their dependencies';
}
