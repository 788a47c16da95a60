import { KNOWN_VARIABLES } from '../config';

/** Prefixes of this product's variables: a name with one of them that we don't know is a typo. */
const PREFIXES = [
  'APP_',
  'ASSERTION_',
  'FORWARD_AUTH_',
  'KYC_',
  'POLICY_',
  'LOG_',
  'LOGIN_',
  'LOGOUT_',
  'METRICS_',
  'PUBLIC_',
  'RATE_LIMIT_',
  'REDIS_',
  'REFRESH_',
  'SECURITIZE_',
  'SESSION_',
  'SHUTDOWN_',
  'SIMULATOR_',
  'TOKEN_',
  'TRUST_',
];
/** Read by the development server and the simulator, not by loadConfig. */
export const DEV_VARIABLES = [
  'APP_BACKEND_PORT',
  'SIMULATOR_PORT',
  'SIMULATOR_HOST',
  'SIMULATOR_ENVELOPE',
  'SIMULATOR_REDIRECT_URLS',
  'SIMULATOR_ACCESS_TOKEN_BYTES',
  'SIMULATOR_DOMAIN_ID',
  'SIMULATOR_WEBHOOK_KEY_TYPE',
  'SIMULATOR_WEBHOOK_PRIVATE_KEY',
];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** One warning per variable with our prefixes that nothing reads, with the nearest known name. */
export function unknownVariableWarnings(env: Record<string, string | undefined>): string[] {
  const known = [...KNOWN_VARIABLES, ...DEV_VARIABLES];
  return Object.keys(env)
    .filter((name) => PREFIXES.some((p) => name.startsWith(p)) && !known.includes(name))
    .sort()
    .map((name) => {
      const nearest = known.reduce((best, k) => (distance(name, k) < distance(name, best) ? k : best));
      const hint = distance(name, nearest) <= 3 ? ` (did you mean ${nearest}?)` : '';
      return `Unknown variable ${name} is ignored${hint}.`;
    });
}
