export const SCENARIOS = [
  's1',
  's2',
  's3',
  's4',
  's5',
  's6',
  's7',
  's8',
  's9',
  's10',
  's11',
  's12',
  's13',
  's14',
  's15',
] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

const ALIASES: Record<string, ScenarioId> = {
  me: 's1',
  investor: 's2',
  proxy: 's2',
  callback: 's3',
  storm: 's4',
  'redis-memory': 's5',
  'process-memory': 's6',
  profile: 's7',
  'rate-limit': 's8',
  limiter: 's8',
  'forward-auth': 's9',
  auth: 's9',
  gateway: 's10',
  'app-api': 's10',
  tracing: 's11',
  'pending-logins': 's12',
  soak: 's13',
  audit: 's14',
  'audit-cost': 's14',
  webhook: 's15',
  'webhook-reach': 's15',
};

export interface Options {
  quick: boolean;
  rounds: number;
  /** Seconds per measured run of the throughput scenarios. */
  duration: number;
  only: ScenarioId[];
  /** Regenerate docs/performance.md and docs/performance.svg. */
  docs: boolean;
  /** Only regenerate the docs from this results file, measuring nothing. */
  report?: string;
  /** Scenario sizes, smaller with --quick. */
  sizes: {
    callbackRequests: number;
    stormRepeats: number;
    redisSessions: number;
    processSessions: number;
    fixedRateSeconds: number;
    /** Rounds of S9 and S10: two in quick mode (which CI runs), else --rounds. */
    vouchRounds: number;
    /** Cookie-less `GET /login` requests per S12 run. */
    pendingLogins: number;
    /** S13: seconds of load and the rate planned over both instances (req/s). */
    soakSeconds: number;
    soakRate: number;
    /** S14: logins per run on each side (longer runs than S3's: the difference sought is small). */
    auditLogins: number;
    /** S15: timed KYC changes (each a webhook and the other instances' first changed decision). */
    webhookRepetitions: number;
  };
}

const USAGE = `usage: npm run bench -- [--quick] [--rounds N] [--duration S] [--only s1,s3|me,callback,...] [--docs|--no-docs]
       npm run bench -- --report bench/results/<file>.json   (regenerate the docs from a saved run)
  scenarios: s1 me, s2 investor, s3 callback, s4 storm, s5 redis-memory, s6 process-memory, s7 profile,
             s8 rate-limit (also: limiter), s9 forward-auth (also: auth), s10 gateway (also: app-api),
             s11 tracing, s12 pending-logins, s13 soak, s14 audit-cost (also: audit),
             s15 webhook-reach (also: webhook)`;

export function parseArgs(argv: string[]): Options {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}\n${USAGE}`);
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const takesValue = ['rounds', 'duration', 'only', 'report'].includes(name);
    flags.set(name, takesValue ? (inline ?? argv[++i] ?? '') : true);
  }
  for (const name of flags.keys())
    if (!['quick', 'rounds', 'duration', 'only', 'docs', 'no-docs', 'report', 'help'].includes(name))
      throw new Error(`unknown flag --${name}\n${USAGE}`);
  if (flags.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = flags.has('quick');
  const num = (name: string, fallback: number, min: number) => {
    const v = flags.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return n;
  };
  const only = String(flags.get('only') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((s) => {
      const id = (SCENARIOS as readonly string[]).includes(s) ? (s as ScenarioId) : ALIASES[s];
      if (!id) throw new Error(`unknown scenario ${s}\n${USAGE}`);
      return id;
    });
  const partial = quick || only.length > 0;
  const rounds = Math.round(num('rounds', quick ? 3 : 5, 1));
  return {
    quick,
    rounds,
    duration: num('duration', quick ? 2 : 8, 1),
    only: only.length > 0 ? only : [...SCENARIOS],
    // A quick or partial run must not overwrite the published full results unless asked to.
    docs: flags.has('docs') || (!partial && !flags.has('no-docs')),
    report: flags.has('report') ? String(flags.get('report')) : undefined,
    sizes: {
      callbackRequests: quick ? 300 : 1500,
      stormRepeats: quick ? 2 : 5,
      redisSessions: quick ? 1000 : 10_000,
      processSessions: quick ? 4000 : 100_000,
      fixedRateSeconds: quick ? 2 : 4,
      vouchRounds: quick ? Math.min(2, rounds) : rounds,
      pendingLogins: quick ? 300 : 2000,
      soakSeconds: quick ? 20 : 120,
      soakRate: quick ? 80 : 350,
      auditLogins: quick ? 300 : 4000,
      webhookRepetitions: quick ? 6 : 30,
    },
  };
}
