import { EMPTY_POLICY_SET } from '../policy';
import { generatedSigningKey, parseSigningKeys, SIGNING_KEY_HINT } from './assertion-keys';
import { loadPolicyFile } from './policy-file';
import { isDegenerateKey, KEY_HINT, parseEncryptionKeys } from './encryption-keys';
import { parseRedisConfig } from './redis';
import { parseSecuritizeConfig, secureOrLocal } from './securitize';
import { parseWebhooksConfig } from './webhooks';
import { Raw, schema } from './schema';
import { parseTrustProxy } from './trust-proxy';
import { parseAdminConfig } from './operations';
import { Config, ConfigError } from './types';
import { bindAddress, deepFreeze, parseClearSiteData, parseOrigin } from './fields';

const MIN_SECRET_LENGTH = 32;
const SECRET_HINT = 'make one with: openssl rand -base64 32';

const stripSlash = (u: URL) => u.toString().replace(/\/+$/, '');

/** A secret that is long enough but made of few distinct characters (e.g. "aaaa…") is weak. */
const isWeakSecret = (s: string) => s.length < MIN_SECRET_LENGTH || new Set(s).size < 12;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const raw: Raw = parsed.data;
  const prod = raw.NODE_ENV === 'production';

  const publicUrl = parseOrigin('PUBLIC_URL', raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`, problems);
  if (prod && !raw.PUBLIC_URL) problems.push('PUBLIC_URL: required in production');
  if (prod && publicUrl && publicUrl.protocol !== 'https:')
    problems.push('PUBLIC_URL: must be https in production (session cookies must be Secure)');
  const appUrl = raw.APP_URL ? parseOrigin('APP_URL', raw.APP_URL, problems) : publicUrl;
  const originOf = (name: string, value: string) => {
    const url = parseOrigin(name, value, problems);
    return url && stripSlash(url);
  };
  const securitize = parseSecuritizeConfig(raw, problems, originOf, prod);

  const webhooks = parseWebhooksConfig(raw, problems, originOf, prod, secureOrLocal);
  const redis = parseRedisConfig(raw, problems);
  const trustProxy = parseTrustProxy(raw.TRUST_PROXY, problems);
  const metricsHost = bindAddress('METRICS_HOST', raw.METRICS_HOST, problems);
  const forwardAuthHost = bindAddress('FORWARD_AUTH_HOST', raw.FORWARD_AUTH_HOST, problems);
  const admin = parseAdminConfig(raw, problems);

  const secrets = (raw.SESSION_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (secrets.length === 0)
    problems.push(`SESSION_SECRET: required, at least 32 random characters (${SECRET_HINT})`);
  secrets.forEach((s, i) => {
    const which = secrets.length > 1 ? ` (entry ${i + 1})` : '';
    if (s.length < MIN_SECRET_LENGTH)
      problems.push(`SESSION_SECRET${which}: must be at least 32 characters (${SECRET_HINT})`);
    else if (prod && isWeakSecret(s))
      problems.push(`SESSION_SECRET${which}: too weak for production (${SECRET_HINT})`);
  });

  const { keys, problems: keyProblems } = parseEncryptionKeys(raw.TOKEN_ENCRYPTION_KEYS ?? '');
  problems.push(...keyProblems);
  if (keys.length === 0 && keyProblems.length === 0)
    problems.push(
      `TOKEN_ENCRYPTION_KEYS: required, kid:<32 random bytes in base64>; tokens are encrypted at rest (${KEY_HINT}, e.g. TOKEN_ENCRYPTION_KEYS=k1:$(openssl rand -base64 32))`,
    );
  if (prod)
    keys.forEach((k, i) => {
      if (isDegenerateKey(k.key))
        problems.push(
          `TOKEN_ENCRYPTION_KEYS (entry ${i + 1}): not a random key, refused in production (${KEY_HINT})`,
        );
    });
  if (raw.SESSION_IDLE_TIMEOUT > raw.SESSION_ABSOLUTE_TIMEOUT)
    problems.push('SESSION_IDLE_TIMEOUT: must not be longer than SESSION_ABSOLUTE_TIMEOUT');

  const clearSiteData = parseClearSiteData(raw.LOGOUT_CLEAR_SITE_DATA, problems);
  const secure = publicUrl?.protocol === 'https:';
  if (raw.SESSION_SAMESITE === 'none' && !secure)
    problems.push('SESSION_SAMESITE: "none" requires an https PUBLIC_URL');

  const policy = raw.POLICY_FILE ? loadPolicyFile(raw.POLICY_FILE, problems) : EMPTY_POLICY_SET;
  if (prod && raw.FORWARD_AUTH_PORT !== undefined && !raw.POLICY_FILE)
    problems.push(
      'POLICY_FILE: required in production with FORWARD_AUTH_PORT (without rules every path is refused; for a session-only set-up, a rule { path: /, policy: null })',
    );
  const signing = parseSigningKeys(raw.ASSERTION_SIGNING_KEYS ?? '');
  problems.push(...signing.problems);
  const vouches = raw.FORWARD_AUTH_PORT !== undefined || (policy?.apis.length ?? 0) > 0;
  if (prod && vouches && !raw.ASSERTION_SIGNING_KEYS)
    problems.push(
      `ASSERTION_SIGNING_KEYS: required in production with FORWARD_AUTH_PORT or apis in POLICY_FILE (${SIGNING_KEY_HINT})`,
    );
  if (
    raw.FORWARD_AUTH_PORT !== undefined &&
    raw.FORWARD_AUTH_PORT !== 0 &&
    raw.FORWARD_AUTH_PORT === raw.PORT
  )
    problems.push('FORWARD_AUTH_PORT: must not be PORT (forward-auth is never on the public port)');
  const assertionAudience = raw.ASSERTION_AUDIENCE ?? appUrl?.toString().replace(/\/+$/, '');
  if (assertionAudience !== undefined && assertionAudience.length > 256)
    problems.push('ASSERTION_AUDIENCE: at most 256 characters');

  if (problems.length > 0 || !policy || !publicUrl || !appUrl || !securitize || !redis)
    throw new ConfigError(problems);

  const config: Config = {
    env: raw.NODE_ENV,
    port: raw.PORT,
    publicUrl: stripSlash(publicUrl),
    callbackUrl: `${stripSlash(publicUrl)}/callback`,
    appUrl: stripSlash(appUrl),
    ownOrigins: [...new Set([publicUrl.origin, appUrl.origin])],
    trustProxy,
    logLevel: raw.LOG_LEVEL,
    securitize,
    redis,
    session: {
      secrets,
      // __Host- makes the browser insist on Secure, Path=/ and no Domain.
      cookieName: secure ? '__Host-sid' : 'sid',
      txCookieName: secure ? '__Host-tx' : 'tx',
      secure,
      sameSite: raw.SESSION_SAMESITE,
      idleTimeoutSeconds: raw.SESSION_IDLE_TIMEOUT,
      absoluteTimeoutSeconds: raw.SESSION_ABSOLUTE_TIMEOUT,
    },
    tokenEncryptionKeys: keys,
    rateLimitLoginPerMinute: raw.RATE_LIMIT_LOGIN,
    tokens: { refreshMarginSeconds: raw.TOKEN_REFRESH_MARGIN, refreshLockTtlMs: raw.REFRESH_LOCK_TTL_MS },
    loginTransactionTtlSeconds: raw.LOGIN_TRANSACTION_TTL,
    devPage: !prod,
    logoutClearSiteData: clearSiteData,
    rateLimitApiPerMinute: raw.RATE_LIMIT_API,
    metricsPort: raw.METRICS_PORT,
    metricsHost,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    assertion: {
      keys: signing.keys.length > 0 || prod ? signing.keys : [generatedSigningKey()],
      audience: assertionAudience ?? stripSlash(appUrl),
      ttlSeconds: raw.ASSERTION_TTL,
      keysGenerated: signing.keys.length === 0 && !prod,
    },
    forwardAuth: { port: raw.FORWARD_AUTH_PORT, host: forwardAuthHost, headers: raw.FORWARD_AUTH_HEADERS },
    policy,
    kycFactsMaxAgeSeconds: raw.KYC_FACTS_MAX_AGE,
    admin,
    audit: { maxEvents: raw.AUDIT_MAX_EVENTS },
    webhooks,
    kycChangeEndsSessions: raw.KYC_CHANGE_ENDS_SESSIONS !== 'false',
  };
  return deepFreeze(config);
}
