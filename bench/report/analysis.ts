import type { BenchResults } from '../lib/types';
import { category } from './format';

const METHOD = `## How it is measured

- \`npm run bench\` starts a private \`redis-server\` (unix socket, no TCP port, no persistence), the
  simulator (\`dist/simulator/main.js\`), the product (\`dist/main.js\`, rebuilt first when \`src/\` is newer)
  and the three baselines (\`bench/servers/\`), each as its own Node process, all on 127.0.0.1. autocannon
  (keep-alive, \`-c 50\` unless said otherwise) runs inside the bench process, on the same two shared cores.
- The product runs as in production: \`NODE_ENV=production\`, \`PUBLIC_URL=https://bff.bench\`,
  \`TRUST_PROXY=1\` with every request carrying \`X-Forwarded-Proto: https\` (so \`__Host-\` Secure cookies),
  helmet on every response, the \`X-CSRF: 1\` check and the Origin/Fetch-Metadata guard on \`/api\`,
  tokens sealed with AES-256-GCM, the Redis rate limiter on \`/login\` and \`/callback\`
  (\`RATE_LIMIT_LOGIN=100000\`, the maximum), and **logging on** at \`LOG_LEVEL=info\` (one JSON line per
  request, written to stdout, which the bench points at \`/dev/null\`).
- The baselines are the naive stack of the issue, built from the bare packages: express 5,
  express-session (\`resave: false\`, \`saveUninitialized: false\`, defaults otherwise), connect-redis 8.1
  and ioredis, on the same Redis. S1's baseline reads a session padded to 1.5 KB as stored; S2's adds one
  axios GET to the simulator's investor endpoint with the session's token; S3's POSTs the code to the
  simulator, then \`regenerate\`, stores the tokens, awaits \`save\` and answers 303.
- Each throughput scenario: a warm-up run of each side, then interleaved rounds (product and baseline
  back to back, the one that goes first alternating), a ratio per round, and medians over the rounds.
- Latencies are recorded by the bench from every response with sub-millisecond resolution (autocannon's
  own histogram rounds to whole milliseconds and skips non-2xx answers). CPU per request is the server
  process's utime + stime from \`/proc/<pid>/stat\` over the run ÷ successful requests (10 ms ticks).
- The machine is two shared, noisy cores and the load generator competes with the servers for them:
  absolute figures move from run to run; the ratios of one round are the comparable numbers.`;

/** The hand-written part of docs/performance.md, with the numbers of this run filled in. */
export function analysis(r: BenchResults): string {
  const met = r.targets.filter((t) => t.met === true).map((t) => t.scenario);
  const missed = r.targets.filter((t) => t.met === false).map((t) => t.scenario);
  const lines = [
    `**Met:** ${met.length ? met.join('; ') : 'none'}.`,
    '',
    `**Not met:** ${missed.length ? missed.join('; ') : 'none'}.`,
    '',
    METHOD,
    '',
    '## What was optimised and what remains',
    '',
    '- Optimised (issue 6), each from a profile of the scenario it helps:',
    '  - Logging: the access line goes through a child logger without redaction (its fields are fixed',
    '    and hold no secret); with the 24 redaction paths on, pino spent ~32 µs a line here, without',
    '    ~7 µs. The per-request child logger is built only when a route logs something, by a getter',
    '    installed once on the request prototype (a per-request accessor made every request object',
    '    slow: GC went from 5 % to 15 % of S1 with it).',
    '  - Router layers: the five API guards (no-store, CSP, Origin/Fetch-Metadata, X-CSRF, JSON-only)',
    '    run as one middleware, and `GET /api/me` is one handler mounted first, so a request walks',
    '    three router layers instead of about twelve.',
    '  - Answers are written with `res.end` of the JSON string: no ETag (an SHA-1 of every body, useless',
    '    on `no-store` answers), no freshness check, one socket write instead of two.',
    '  - Sessions: read in one round trip (`GET`+`PTTL` pipelined for `/api/me`, `GETEX` elsewhere);',
    '    a verified Cookie header is remembered (bounded, verified ids only), so the HMAC runs once per cookie;',
    '    never touched or re-serialised by express-session; ioredis auto-pipelining on.',
    '  - Login: no `regenerate` (a Redis DEL) when express-session made the id itself; the investor',
    '    index checks four random entries at each login instead of reading the whole hash',
    '    (`HGETALL` + one `PTTL` per entry), so a login is O(1) however many sessions the investor has;',
    '    the rate limiter keys IPv4 addresses without parsing them as IPv6.',
    '  - Upstream calls: axios gets its fixed settings once, on the instance, and the total deadline is a',
    '    timer cleared when the call ends (`AbortSignal.timeout` cost twice as much and left a live timer',
    '    behind each call for the whole timeout).',
    '  - Refresh: the lock and the check for an already rotated session go out together, the',
    '    successor record and the session read too, the lock release is not awaited, and requests',
    '    that read the session just before this process rotated it take the new pair from memory.',
  ];
  if (r.s7) {
    const cats = new Map<string, number>();
    for (const k of r.s7.byPackage) cats.set(category(k.name), (cats.get(category(k.name)) ?? 0) + k.percent);
    const floor =
      (cats.get('express, router and their dependencies') ?? 0) +
      (cats.get('Node core (http, net, streams, timers)') ?? 0);
    const share = (k: string) => `${(cats.get(k) ?? 0).toFixed(1)} %`;
    lines.push(
      `- Where S1's CPU goes (S7): Node's HTTP machinery and express/router with their dependencies take ${floor.toFixed(1)} % ` +
        'of the samples, plus most of the V8/native share (socket writes, GC): that is the floor any Express server pays ' +
        `per request. Of the rest: logging ${share('logging (pino)')}, the BFF's own code ${share('the BFF’s own code')}, ` +
        `crypto ${share('crypto (cookie HMAC, AES-GCM, ids)')}, the Redis client ${share('Redis client (ioredis)')}, ` +
        `helmet ${share('helmet')}; V8 and native bindings ${share('V8 and native bindings (GC, socket writes, (program))')}.`,
    );
  }
  return lines.join('\n');
}
