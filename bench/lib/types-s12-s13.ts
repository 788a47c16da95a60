/** Result types of S12 (Redis bytes per pending login) and S13 (the app-API proxy soak). */

/** One S12 run: N cookie-less `GET /login`, each from its own address, from an emptied Redis. */
export interface PendingLoginRun {
  label: string;
  returnToChars: number;
  crossSite: boolean;
  requests: number;
  /** Answers other than a 302 with a transaction cookie. */
  failed: number;
  /**
   * used_memory − mem_clients_normal after the logins − before, settled: one `txs:` and one
   * `rl:login:` key per request.
   */
  usedMemoryDelta: number;
  bytesPerRequest: number;
  /** What used_memory fell by when the run's `rl:login:` keys were deleted, ÷ their count. */
  bytesPerRateLimitKey: number;
  /** What stays for LOGIN_TRANSACTION_TTL: the memory left once the rate-limit keys went, ÷ `txs:` keys. */
  bytesPerPendingLogin: number;
  keys: { txs: number; rateLimit: number };
  /** `MEMORY USAGE` averages over a sample of keys, and the `txs:` hashes' encoding. */
  memoryUsage: { txs: number; rateLimit: number; sampled: number; txsEncoding: string };
  /** A transaction read back from Redis (the first request's, found by its cookie). */
  stored: { returnToChars: number; crossSite: boolean; valueChars: number } | null;
}

export interface PendingLoginsResult {
  runs: PendingLoginRun[];
  /** A returnTo one past the cap: stored as `/` (the check, and what came back). */
  overCap: { sentChars: number; stored: string | null; ok: boolean };
  typicalBytes: number;
  worstBytes: number;
  rateLimitKeyBytes: number;
  /** The worst case over a transaction's life at the defaults, from the figures above. */
  worstCase: {
    ratePerMinute: number;
    ttlSeconds: number;
    formula: string;
    pendingPerAddress: number;
    rateLimitKeysPerAddress: number;
    bytesPerAddress: number;
    bytesPer1000Addresses: number;
  };
  target: number;
  met: boolean;
  notes: string[];
}

/** What one product instance answered during the soak. */
export interface SoakInstance {
  name: string;
  requests: number;
  byStatus: Record<string, number>;
  /** Requests that got no answer, by error code. */
  transportErrors: Record<string, number>;
  /** Warn and error log lines during the load, by event (and code and cause where there is one). */
  logEvents: Record<string, number>;
  /** Log lines read in all (an access line a request): the capture worked. */
  logLines: number;
  retries: number;
}

/** What the upstream saw of its connections during the load (bench/servers/upstream.ts). */
export interface UpstreamConnections {
  connections: number;
  requests: number;
  closedByClient: number;
  closedByServer: number;
  reusedAfterIdle: Record<string, number>;
  longestIdleMs: number;
}

export interface SoakResult {
  seconds: number;
  /** The load asked for, requests per second over both instances: clients plus background. */
  plannedRate: number;
  achievedRate: number;
  clients: number;
  pauseMs: [number, number];
  /** Requests sent at once on each instance, every pause. */
  waveSize: number;
  backgroundRate: number;
  /** The upstream's own `Keep-Alive` answer header, read directly. */
  upstreamKeepAlive: string;
  gatewayKeepAliveMs: number;
  instances: SoakInstance[];
  total: {
    requests: number;
    ok: number;
    badGateway: number;
    other: Record<string, number>;
    transportErrors: number;
    retries: number;
    p50Ms: number;
    p99Ms: number;
  };
  upstream: UpstreamConnections | null;
  target: number;
  met: boolean;
  notes: string[];
}
