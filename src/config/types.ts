import type { RedisConfig } from './redis';
import type { SecuritizeConfig } from './securitize';
import type { EncryptionKey } from './encryption-keys';
import type { SigningKey } from './assertion-keys';
import type { PolicySet } from '../policy';
import type { TrustProxy } from './trust-proxy';
import type { AdminConfig } from './operations';
import type { WebhooksConfig } from './webhooks';

/**
 * Configuration is read from an env object once, at the process edge (main.ts), validated,
 * and returned frozen. Every problem is reported at once; values are never echoed, because
 * several of them are secrets.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  publicUrl: string;
  callbackUrl: string;
  appUrl: string;
  /** The origins of the BFF and of the web app: the pages whose requests are the app's own. */
  ownOrigins: readonly string[];
  /** Express's `trust proxy` value: a hop count, or the proxies' addresses. */
  trustProxy: TrustProxy;
  logLevel: string;
  securitize: SecuritizeConfig;
  redis: RedisConfig;
  session: {
    secrets: string[];
    cookieName: string;
    txCookieName: string;
    secure: boolean;
    sameSite: 'strict' | 'lax' | 'none';
    idleTimeoutSeconds: number;
    absoluteTimeoutSeconds: number;
  };
  tokenEncryptionKeys: EncryptionKey[];
  rateLimitLoginPerMinute: number;
  tokens: { refreshMarginSeconds: number; refreshLockTtlMs: number };
  loginTransactionTtlSeconds: number;
  devPage: boolean;
  /** The Clear-Site-Data value sent at logout, or undefined for none. */
  logoutClearSiteData: string | undefined;
  /** API requests per session per minute that reach Securitize; 0 turns the limit off. */
  rateLimitApiPerMinute: number;
  metricsPort: number | undefined;
  /** The address METRICS_PORT listens on (127.0.0.1 unless METRICS_HOST says otherwise). */
  metricsHost: string;
  /** Investor assertions: signing keys (the first signs, all are published), default audience, lifetime. */
  assertion: { keys: readonly SigningKey[]; audience: string; ttlSeconds: number; keysGenerated: boolean };
  /** Forward-auth's listener (undefined: off) and the one header pair it reads the original request from. */
  forwardAuth: { port: number | undefined; host: string; headers: 'nginx' | 'traefik' };
  /** POLICY_FILE's policies, rules and app-API gateway entries (empty without one). */
  policy: PolicySet;
  /** Facts older than this are fetched again before a decision that needs them. */
  kycFactsMaxAgeSeconds: number;
  /** The admin API's listener (port undefined: off) and its operators' tokens. */
  admin: AdminConfig;
  /** The audit stream's cap (entries, approximate); 0: no stream, log lines only. */
  audit: { maxEvents: number };
  /** Securitize's KYC webhooks (POST /webhooks/securitize/<token>); undefined: off. */
  webhooks: WebhooksConfig | undefined;
  /** Whether a recheck after a webhook that finds the KYC status rejected or expired ends the investor's sessions. */
  kycChangeEndsSessions: boolean;
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
