import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis';

/**
 * What /login remembers until /callback: single use, server-side. One browser may have several
 * logins in flight (tabs); they live together under the browser's transaction cookie, each found
 * by its own state, so finishing or failing one never touches another.
 */
export interface LoginTransaction {
  returnTo: string;
  createdAt: number;
  /** Started by a navigation from another site (Sec-Fetch-Site: cross-site). */
  crossSite: boolean;
}

export interface TransactionStore {
  /** Adds one; beyond the bound, the oldest of the same kind (same-site or cross-site) goes. */
  put(browser: string, state: string, tx: LoginTransaction, ttlSeconds: number): Promise<void>;
  /** Takes the transaction of `state`, only if this browser holds it: look-up and delete in one step. */
  take(browser: string, state: string, nowMs: number, ttlSeconds: number): Promise<LoginTransaction | null>;
}

/**
 * The bound per browser. A login started from the app (or typed, or from a bookmark) can only be
 * pushed out by a sixth such login; a navigation from another site only ever pushes out logins that
 * other sites started, and only from the fourth on. So no single navigation from another site can
 * end a login in flight (docs/login-journeys.md).
 */
export const SAME_SITE_SLOTS = 5;
export const CROSS_SITE_SLOTS = 3;

/** 144 bits from the CSPRNG: the transaction cookie's value, one per browser. */
export const newBrowserId = () => randomBytes(18).toString('base64url');
/** 256 bits from the CSPRNG; base64url, so it needs no escaping in a URL path or query. */
export const newState = () => randomBytes(32).toString('base64url');
export const hashState = (state: string) => createHash('sha256').update(state).digest('base64url');

export const BROWSER_ID_PATTERN = /^[A-Za-z0-9_-]{24}$/;
export const STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Hashed, so Redis holds nothing a browser could present. */
const browserKey = (browser: string) => `txs:${createHash('sha256').update(browser).digest('base64url')}`;

// Drop expired entries, make room for the new one among its own kind, add it, and restart the
// hash's life. ARGV: field, value, ttl seconds, now ms, ttl ms, kind ('1' cross-site), slots.
const PUT = `
local entries = redis.call('HGETALL', KEYS[1])
local now, ttlMs, cross = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6] == '1'
local slots = cross and tonumber(ARGV[8]) or tonumber(ARGV[7])
local count, oldest, oldestAt = 0, nil, nil
for i = 1, #entries, 2 do
  local ok, v = pcall(cjson.decode, entries[i + 1])
  if not ok or type(v) ~= 'table' or type(v.createdAt) ~= 'number' or v.createdAt + ttlMs < now
      or v.createdAt > now + ttlMs then
    redis.call('HDEL', KEYS[1], entries[i])
  elseif (v.crossSite == true) == cross then
    count = count + 1
    if oldestAt == nil or v.createdAt < oldestAt then oldest, oldestAt = entries[i], v.createdAt end
  end
end
if count >= slots and oldest then redis.call('HDEL', KEYS[1], oldest) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

// Compare, then delete: a state this browser does not hold consumes nothing.
const TAKE = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v then redis.call('HDEL', KEYS[1], ARGV[1]) end
return v`;

// Transactions written before several logins per browser: one per cookie, `tx:<id>`, taken
// only when the state matches. Kept so logins in flight during an upgrade still finish.
const TAKE_LEGACY = `
local v = redis.call('GET', KEYS[1])
if not v then return false end
local ok, tx = pcall(cjson.decode, v)
if not ok or type(tx) ~= 'table' or tx.stateHash ~= ARGV[1] then return false end
redis.call('DEL', KEYS[1])
return v`;

type Scripted = RedisClient & {
  bffTxPut(key: string, ...args: Array<string | number>): Promise<number>;
  bffTxTake(key: string, field: string): Promise<string | null>;
  bffTxTakeLegacy(key: string, stateHash: string): Promise<string | null>;
};

export function createRedisTransactionStore(redis: RedisClient): TransactionStore {
  redis.defineCommand('bffTxPut', { numberOfKeys: 1, lua: PUT });
  redis.defineCommand('bffTxTake', { numberOfKeys: 1, lua: TAKE });
  redis.defineCommand('bffTxTakeLegacy', { numberOfKeys: 1, lua: TAKE_LEGACY });
  const r = redis as Scripted;
  return {
    async put(browser, state, tx, ttlSeconds) {
      const value = JSON.stringify(tx);
      const kind = tx.crossSite ? '1' : '0';
      await r.bffTxPut(
        browserKey(browser),
        hashState(state),
        value,
        ttlSeconds,
        tx.createdAt,
        ttlSeconds * 1000,
        kind,
        SAME_SITE_SLOTS,
        CROSS_SITE_SLOTS,
      );
    },
    async take(browser, state, nowMs, ttlSeconds) {
      const stateHash = hashState(state);
      const raw = await r.bffTxTake(browserKey(browser), stateHash);
      if (raw !== null) return fresh(parse(raw), nowMs, ttlSeconds);
      // Only a miss looks further: the legacy record shares the cookie value as its id.
      const legacy = await r.bffTxTakeLegacy(`tx:${browser}`, stateHash);
      return legacy === null ? null : fresh(parse(legacy), nowMs, ttlSeconds);
    },
  };
}

/** The BFF's own expiry check, on its clock (Redis expires the record on its own). */
function fresh(tx: LoginTransaction | null, nowMs: number, ttlSeconds: number): LoginTransaction | null {
  return tx && nowMs - tx.createdAt <= ttlSeconds * 1000 ? tx : null;
}

function parse(raw: string): LoginTransaction | null {
  try {
    const v = JSON.parse(raw) as Partial<LoginTransaction>;
    if (typeof v.returnTo === 'string' && typeof v.createdAt === 'number')
      return { returnTo: v.returnTo, createdAt: v.createdAt, crossSite: v.crossSite === true };
  } catch {
    // fall through: a corrupt record is treated as absent
  }
  return null;
}
