import type { ProcessMemoryResult, RedisMemoryResult, StormResult } from './types-s4-s6';
import type { PendingLoginsResult, SoakResult } from './types-s12-s13';
import type { AuditCostResult, WebhookReachResult } from './types-s14-s15';

export type * from './types-s4-s6';
export type * from './types-s12-s13';
export type * from './types-s14-s15';

/** One side (product or baseline) of one measured round. */
export interface Side {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU µs per successful request, per process (the server under test is `server`). */
  cpuUsPerReq: Record<string, number>;
  ok: number;
  failed: number;
}

export interface CompareRound {
  round: number;
  /** Which side ran first in this round (they alternate, so drift hits both alike). */
  first: 'product' | 'baseline';
  product: Side;
  baseline: Side;
  ratio: number;
}

export interface CompareResult {
  id: string;
  title: string;
  productLabel: string;
  baselineLabel: string;
  /** Minimum product/baseline req/s ratio. */
  targetRatio: number;
  connections: number;
  rounds: CompareRound[];
  median: { product: Side; baseline: Side; ratio: number };
  met: boolean;
  notes: string[];
}

/**
 * S8: the same product with RATE_LIMIT_API on at a limit the run never reaches ("product" side)
 * against it off ("baseline" side, the stack's product): what the limiter itself costs.
 */
export interface RateLimitCostResult extends CompareResult {
  /** RATE_LIMIT_API of the limited instance. */
  limit: number;
  /** Median over the rounds of (on − off), CPU µs per request, per process. */
  addedCpuUsPerReq: Record<string, number>;
  /** Proof that the limited instance counted, read from Redis after the last run. */
  check: {
    /** The limiter's key of the limited instance's session (`rl:api:<session handle>`). */
    key: string;
    /** Its count: the hits of the current 60 s window (null when the key was gone). */
    count: number | null;
    pttlMs: number;
    /** `rl:api:*` keys other than that one (the unlimited instance must leave none). */
    otherKeys: number;
    /** Responses the limited instance gave, warm-up included, and how many of them were 429. */
    responses: number;
    tooMany: number;
  };
}

/** S11: GET /api/me on an instance with tracing on ("product" side) against the stack's product, tracing off. */
export interface TracingCostResult extends CompareResult {
  /** What the local OTLP sink received over the whole scenario, warm-ups included. */
  sink: { exports: number; bytes: number; spans: number };
  /** Successful requests the traced side answered over the same loads. */
  tracedRequests: number;
  /** Spans received per traced request: 3 for /api/me (the server span, GET and PTTL) when none is dropped. */
  spansPerRequest: number;
  /** Full runs: the same with OTEL_TRACES_SAMPLER=parentbased_traceidratio, 0.1, against tracing off. */
  sampled?: { ratio: number; rounds: number[]; median: CompareResult['median']; spansPerRequest: number };
}

/** One check made before a vouching scenario's load: what was asked, what came back, whether it held. */
export interface VouchCheck {
  what: string;
  expected: string;
  got: string;
  ok: boolean;
}

/**
 * S9 and S10: the product vouching for the investor (a policy that needs a KYC fact, an assertion),
 * against the product's own `GET /api/me` (S9) or the minimal app-API proxy (S10).
 */
export interface VouchCompareResult extends CompareResult {
  /** POLICY_FILE as the bench wrote it for the product instance. */
  policyFile: string;
  /** Checks before the load: the answers, the assertion, a refused and a logged-out request. */
  checks: VouchCheck[];
  /** Investor-profile calls the simulator saw during the loads, warm-ups included: the facts cache at work. */
  factsFetches: number;
  /** Successful product requests over the same loads. */
  productRequests: number;
  /** Full runs: a CPU profile of each side under the same load, on instances of their own. */
  profile?: SidesProfile;
}

/** One side's CPU profile (`node --cpu-prof`) under load, per successful request. */
export interface SideProfile {
  label: string;
  reqPerSec: number;
  requests: number;
  /** Non-idle samples taken during the measured load. */
  sampledMs: number;
  usPerReq: number;
  byCategory: Array<{ name: string; usPerReq: number; percent: number }>;
  topFunctions: ProfileEntry[];
}

export interface SidesProfile {
  seconds: number;
  /** Whether only the samples of the measured load were counted (else the whole process life). */
  windowed: boolean;
  product: SideProfile;
  baseline: SideProfile;
}

export interface FixedRateRound {
  round: number;
  productP50Ms: number;
  directP50Ms: number;
  addedP50Ms: number;
  productP99Ms: number;
  directP99Ms: number;
  /** The minimal proxy at the same rate, for comparison (absent in results from before it was measured). */
  baselineP50Ms?: number;
  baselineAddedP50Ms?: number;
}

export interface FixedRateResult {
  rate: number;
  seconds: number;
  rounds: FixedRateRound[];
  medianAddedP50Ms: number;
  medianBaselineAddedP50Ms?: number;
  targetAddedP50Ms: number;
  met: boolean;
}

export interface ProfileEntry {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

export interface ProfileResult {
  seconds: number;
  reqPerSec: number;
  /** Whether only the samples of the measured load were counted (else the whole process life). */
  windowed: boolean;
  sampledMs: number;
  topFunctions: ProfileEntry[];
  byPackage: Array<{ name: string; selfMs: number; percent: number }>;
}

export interface TargetRow {
  scenario: string;
  target: string;
  measured: string;
  met: boolean | null;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  mode: 'full' | 'quick';
  options: { rounds: number; duration: number; only: string[] };
  machine: { cpus: number; cpuModel: string; node: string; redis: string };
  build: string;
  notes: string[];
  s1?: CompareResult;
  s2?: CompareResult & { fixedRate: FixedRateResult; contextRate?: FixedRateResult };
  s3?: CompareResult;
  s4?: StormResult;
  s5?: RedisMemoryResult;
  s6?: ProcessMemoryResult;
  s7?: ProfileResult;
  s8?: RateLimitCostResult;
  s9?: VouchCompareResult;
  s10?: VouchCompareResult;
  s11?: TracingCostResult;
  s12?: PendingLoginsResult;
  s13?: SoakResult;
  s14?: AuditCostResult;
  s15?: WebhookReachResult;
  targets: TargetRow[];
  /** Set when a scenario could not be measured properly (too many failed requests, a crash). */
  problems: string[];
}
