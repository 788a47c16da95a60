import type { Express } from 'express';
import type { DomainApiOptions, DomainControl } from './domain';
import type { InvestorFixture } from './fixtures';

export interface SimulatorClient {
  clientId: string;
  secret: string;
  redirectUrls: string[];
}

/**
 * How `code`, `country` and `authorized` are added to the app's redirect URL. `auto` picks `?` or `&` by whether the
 * URL already has a query; `question` and `ampersand` always use that one character; `encoded` percent-encodes the
 * URL's own `?`, `=` and `&` first and then adds `?`.
 */
export type CallbackStyle = 'auto' | 'question' | 'ampersand' | 'encoded';

/** How the token endpoints write `expiration`: an ISO string, or epoch seconds or milliseconds as number or text. */
export type ExpirationFormat =
  'iso' | 'epoch-seconds' | 'epoch-ms' | 'epoch-seconds-string' | 'epoch-ms-string';

export interface TokenAnswerOptions {
  /** Default 'iso'. */
  expirationFormat?: ExpirationFormat;
  /** Leave `investorId` out of refresh answers. Default false. */
  refreshOmitsInvestorId?: boolean;
}

/** Why a token call's client or secret was turned away; `clientId` is the one the call named. Never carries a secret. */
export interface AuthFailure {
  clientId: string;
  reason: 'wrong_secret' | 'unknown_client' | 'missing_secret';
}

export interface SimulatorOptions {
  clients?: SimulatorClient[];
  codeTtlMs?: number;
  accessTokenTtlMs?: number;
  refreshTokenTtlMs?: number;
  /** 'wrapped' is what the docs show; 'bare' is what integrators read in practice (docs/securitize.md, "The response envelope"). */
  envelope?: 'wrapped' | 'bare';
  envelopeStatus?: 0 | 200;
  acceptBearer?: boolean;
  now?: () => number;
  jwtSecret?: string;
  /** Pad access tokens to about this many characters with a random claim (real tokens can be ~1 KB). */
  accessTokenBytes?: number;
  /** PATCH /v1/:clientId answers `issuerName` where GET has `appName`, as documented (docs/securitize.md, "Hosts"). Default true. */
  issuerNameQuirk?: boolean;
  /** Whether a refresh also kills the access tokens issued with the spent refresh token (docs/securitize.md, "Open questions"). Default false. */
  refreshRevokesAccessToken?: boolean;
  /** Default 'auto'. */
  callbackStyle?: CallbackStyle;
  tokenAnswer?: TokenAnswerOptions;
  /** Told about every token call (exchange or refresh, direct or gateway) whose client or secret is turned away. */
  onAuthFailure?: (event: AuthFailure) => void;
  /** Securitize's Domain API and its webhooks: the domain, its API key, how deliveries are signed and sent. */
  domainApi?: DomainApiOptions;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  at: number;
}

export interface SimulatorStats {
  exchanges: number;
  exchangeFailures: number;
  refreshes: number;
  refreshFailures: number;
  refreshTokenReuse: number;
  codeReuse: number;
}

export type FaultKind =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number }
  | { kind: 'garbage' }
  | { kind: 'trickle'; totalMs: number }
  | { kind: 'drop' }
  | { kind: 'huge'; bytes: number }
  | { kind: 'redirect'; location: string };

export type Fault = { match?: { method?: string; path?: string | RegExp }; times?: number } & FaultKind;

/** The Domain API's controls (domain/types.ts) are part of it. */
export interface SimulatorControl extends DomainControl {
  calls(): RecordedCall[];
  clearCalls(): void;
  stats(): SimulatorStats;
  issueCode(investorId: string, clientId?: string): string;
  injectFault(f: Fault): void;
  clearFaults(): void;
  setEnvelope(mode: 'wrapped' | 'bare', status?: 0 | 200): void;
  expireAccessTokens(): void;
  revokeRefreshTokens(): void;
  setCallbackStyle(style: CallbackStyle): void;
  /** Merged into the current settings. */
  setTokenAnswer(answer: TokenAnswerOptions): void;
  /** Adds an investor, or replaces the one with the same id (its profile, verification, documents). */
  putInvestor(investor: InvestorFixture): void;
  reset(): void;
}

export interface RunningSimulator {
  url: string;
  close(): Promise<void>;
}

export interface Simulator {
  app: Express;
  control: SimulatorControl;
  listen(port?: number, host?: string): Promise<RunningSimulator>;
}
