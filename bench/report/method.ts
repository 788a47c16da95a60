/** "How it is measured" in docs/performance.md. */
export const METHOD = `## How it is measured

- \`npm run bench\` starts a private \`redis-server\` (unix socket, no TCP port, no persistence), the
  simulator (\`dist/simulator/main.js\`), the product (\`dist/main.js\`, rebuilt first when \`src/\` is newer;
  both run from a copy of \`dist/\` taken at the start, so a rebuild during the run changes nothing)
  and the four baselines (\`bench/servers/\`), each as its own Node process, all on 127.0.0.1. autocannon
  (keep-alive, \`-c 50\` unless said otherwise) runs inside the bench process, on the same two shared cores.
- The product runs as in production: \`NODE_ENV=production\`, \`PUBLIC_URL=https://bff.bench\`,
  \`TRUST_PROXY=1\` with every request carrying \`X-Forwarded-Proto: https\` (so \`__Host-\` Secure cookies),
  helmet on every response, the \`X-CSRF: 1\` check and the Origin/Fetch-Metadata guard on \`/api\`,
  tokens sealed with AES-256-GCM, the Redis rate limiter on \`/login\` and \`/callback\`
  (\`RATE_LIMIT_LOGIN=100000\`, the maximum), and **logging on** at \`LOG_LEVEL=info\` (one JSON line per
  request, written to stdout, which the bench points at \`/dev/null\`). The per-session API limiter is
  off (\`RATE_LIMIT_API=0\`): one session sends thousands of requests a minute here, past the default
  of 600. S8 measures what it costs when on.
- The baselines are the naive stack of the issue, built from the bare packages: express 5,
  express-session (\`resave: false\`, \`saveUninitialized: false\`, defaults otherwise), connect-redis 8.1
  and ioredis, on the same Redis. S1's baseline reads a session padded to 1.5 KB as stored; S2's adds one
  axios GET to the simulator's investor endpoint with the session's token; S3's POSTs the code to the
  simulator, then \`regenerate\`, stores the tokens, awaits \`save\` and answers 303; S10's (the minimal
  app-API proxy) checks the session for a user (401 without) and forwards the request with http-proxy-3, the
  product's proxy library, through a keep-alive agent, to a tiny upstream (\`bench/servers/upstream.ts\`,
  bare \`node:http\`, its own process) that the product's app-API proxy forwards to as well; it signs nothing.
- S9 and S10 run on product instances of their own, started with \`FORWARD_AUTH_PORT\`, a \`POLICY_FILE\`
  the bench writes (a forward-auth rule, and for S10 an \`apis\` entry, under a policy \`verified: true\`,
  so every decision reads the investor's KYC facts) and \`ASSERTION_SIGNING_KEYS\` (a P-256 key made for the run); the stack's
  product, which the other scenarios measure, has none of them. S9 compares forward-auth's \`GET /auth\`
  with \`GET /api/me\` of that same process and session. In full runs S9 and S10 also profile each side
  (\`node --cpu-prof\`) on an instance of its own.
- S11 starts a product instance with \`OTEL_EXPORTER_OTLP_ENDPOINT\` pointing at an OTLP sink in the
  bench process (tracing on with the SDK's defaults: every request sampled, spans batched and sent in
  http/protobuf) and compares its \`GET /api/me\` with the stack's product, where tracing is off and
  no SDK is loaded; full runs add the same with one trace in ten sampled.
- S12 and S13 measure no throughput. S12 sends cookie-less \`GET /login\` requests to the stack's product,
  each from an \`X-Forwarded-For\` address of its own, and reads Redis's memory. S13 starts two product
  instances like S10's and one upstream that keeps Node's default keep-alive (5 s), sends them a load
  shaped so that pooled connections sit idle about that long, and counts every answer; for S13 only,
  the bench reads its two instances' stdout to count their warn and error log lines.
- S14 starts two product instances like the stack's, one with the audit stream on
  (\`AUDIT_MAX_EVENTS=100000\`, the default) and one with \`AUDIT_MAX_EVENTS=0\` (log lines only), and
  compares S3's full logins on them. S15 measures no throughput: three instances like S9's with the
  webhook settings, only the first subscribed in the simulator, and the time from a KYC change in the
  simulator to the first changed forward-auth decision on the other two.
- Each throughput scenario: a warm-up run of each side, then interleaved rounds (product and baseline
  back to back, the one that goes first alternating), a ratio per round, and medians over the rounds.
- Latencies are recorded by the bench from every response with sub-millisecond resolution (autocannon's
  own histogram rounds to whole milliseconds and skips non-2xx answers). CPU per request is the server
  process's utime + stime from \`/proc/<pid>/stat\` over the run ÷ successful requests (10 ms ticks).
- The machine is two shared, noisy cores and the load generator competes with the servers for them:
  absolute figures move from run to run; the ratios of one round are the comparable numbers.`;
