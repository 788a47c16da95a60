/** Result types of S4 (refresh storm), S5 (Redis memory) and S6 (process memory). */

export interface StormRepeat {
  /** The same 200-request burst with a live token (no refresh), just before the storm. */
  controlP50Ms: number;
  controlP99Ms: number;
  refreshes: number;
  refreshTokenReuse: number;
  ok: number;
  total: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface StormResult {
  concurrency: number;
  instances: number;
  directRefreshMs: number[];
  directRefreshMedianMs: number;
  repeats: StormRepeat[];
  met: boolean;
  notes: string[];
}

export interface RedisMemoryResult {
  product: {
    sessions: number;
    accessTokenChars: number;
    sealedChars: number;
    storedSessionChars: number;
    usedMemoryDelta: number;
    bytesPerSession: number;
    keysByPrefix: Record<string, number>;
    memoryUsageSessKeyAvg: number;
    memoryUsageInvPerEntry: number;
    seconds: number;
  };
  synthetic: Array<{
    label: string;
    tokens: 'simulator' | 'random';
    spread: 'nine-investors' | 'one-per-session';
    sessions: number;
    accessTokenChars: number;
    sealedChars: number;
    bytesPerSession: number;
  }>;
  target: number;
  met: boolean;
  notes: string[];
}

export interface MemorySample {
  sessions: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
}

export interface ProcessMemoryResult {
  samples: MemorySample[];
  loginsPerSecond: number;
  /** CPU µs per login (GET /login + code + GET /callback), per process, the bench's client included. */
  cpuPerLoginUs: Record<string, number>;
  rssDeltaBytes: number;
  targetBytes: number;
  met: boolean;
  notes: string[];
}
