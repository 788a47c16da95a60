import { createHash } from 'node:crypto';

/**
 * Every Redis key the BFF writes, in one place. Each command and script touches one key, or keys
 * of one hash slot, so all of them are valid on a Redis Cluster:
 * - `sess:<sid>` the session (written by express-session/connect-redis, which know no hash tags;
 *   with no braces in it, its slot is the hash of the whole key);
 * - `lock:{sess:<sid>}` (the refresh lease) and `succ:{sess:<sid>}` (a hash, a field per spent
 *   refresh token's fingerprint: the successor records) carry the session key as their hash tag,
 *   so they live in the session's slot, on the same node and the same connection: the refresher's
 *   lock-then-read and write-then-compare-and-set keep their order on a Cluster too;
 *   `facts:{sess:<sid>}` (the investor's KYC facts, sealed), `factslock:{sess:<sid>}` (one facts
 *   fetch at a time) and `factsgen:{sess:<sid>}` (a count of the facts' drops) live there as well,
 *   so ending a session deletes all of them in one command;
 * - `audit:events`, the audit trail (a capped stream; its name carries nothing of anyone);
 * - `inv:<investorId>` (the investor's session index), `txs:<hash of the browser's transaction
 *   cookie>` (its logins in flight, one hash field each; `tx:<id>` was the earlier one-login form,
 *   still read), `rl:<route>:<key>` (rate limits) and `dmap:<hash of domainId and externalId>` (the
 *   Domain API's mapping of a webhook's investor, cached) and `whd:<hash of a delivery's body>` (a
 *   webhook delivery seen, for ten minutes): single-key commands only.
 * No key holds a token, a code, a state or a cookie value: those that derive from one are hashed.
 */
export const SESSION_PREFIX = 'sess:';
export const sessionKey = (sid: string) => SESSION_PREFIX + sid;
export const lockKey = (sid: string) => `lock:{${sessionKey(sid)}}`;
export const successorKey = (sid: string) => `succ:{${sessionKey(sid)}}`;
export const factsKey = (sid: string) => `facts:{${sessionKey(sid)}}`;
export const factsLockKey = (sid: string) => `factslock:{${sessionKey(sid)}}`;
/** How many times the session's facts were dropped (webhooks, the admin API): a fetch begun before may not store. */
export const factsGenKey = (sid: string) => `factsgen:{${sessionKey(sid)}}`;
export const investorKey = (investorId: string) => `inv:${investorId}`;
const sha256 = (v: string) => createHash('sha256').update(v).digest('base64url');
/** Hashed, so Redis holds nothing a browser could present. */
export const transactionsKey = (browserId: string) => `txs:${sha256(browserId)}`;
export const legacyTransactionKey = (browserId: string) => `tx:${browserId}`;
export const rateKey = (route: string, key: string) => `rl:${route}:${key}`;
/** The audit trail: one capped stream, one key (any Cluster node holds it whole). */
export const AUDIT_KEY = 'audit:events';
/** A domain investor's Securitize iD investor id (or that there is none), by a hash of domain and externalId (as a JSON pair: no two pairs share one). */
export const domainMapKey = (domainId: string, externalId: string) =>
  `dmap:${sha256(JSON.stringify([domainId, externalId]))}`;
/** A webhook delivery already taken, by the SHA-256 of its raw body (given hashed): replays are duplicates. */
export const deliveryKey = (bodyDigest: string) => `whd:${bodyDigest}`;
/**
 * The pub/sub channel on which an instance tells the others to drop an investor's cached facts and
 * assertions. A channel, not a key: on a Cluster a PUBLISH reaches the subscribers of every node.
 */
export const FRESHNESS_CHANNEL = 'bff:freshness';

/** Everything kept under a session's hash slot: what ending it deletes, in one command. */
export const sessionKeys = (sid: string) => [
  sessionKey(sid),
  factsKey(sid),
  factsLockKey(sid),
  factsGenKey(sid),
  lockKey(sid),
  successorKey(sid),
];

/**
 * The prefixes of keys whose name carries a session id, an investor id or a browser's hashed
 * cookie: the tracing scrubber replaces any value that holds one. This file loads nothing, so the
 * scrubber can read it before the modules it instruments are loaded.
 */
export const IDENTIFYING_KEY_PREFIXES = [
  'sess:',
  'succ:',
  'txs:',
  'tx:',
  'inv:',
  'facts:',
  'factsgen:',
  'lock:',
];
