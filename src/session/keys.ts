/**
 * Every Redis key the BFF writes, in one place. Each command and script touches one key, or keys
 * of one hash slot, so all of them are valid on a Redis Cluster:
 * - `sess:<sid>` the session (written by express-session/connect-redis, which know no hash tags;
 *   with no braces in it, its slot is the hash of the whole key);
 * - `lock:{sess:<sid>}` and `succ:{sess:<sid>}` (a hash, a field per spent refresh token's
 *   fingerprint): the refresh lock and successor records carry
 *   the session key as their hash tag, so they live in the session's slot, on the same node and the
 *   same connection: the refresher's lock-then-read and write-then-compare-and-set keep their order
 *   on a Cluster too; `facts:{sess:<sid>}` (the investor's KYC facts, sealed) and
 *   `factslock:{sess:<sid>}` (one facts fetch at a time) live there as well, so ending a session
 *   deletes its facts in the same command;
 * - `inv:<investorId>` (the investor's session index), `txs:<hash of the browser's transaction
 *   cookie>` (its logins in flight, one hash field each; `tx:<id>` was the earlier one-login form,
 *   still read) and `rl:<route>:<ip>` (rate limits): single-key commands only; "log out
 *   everywhere" deletes the sessions one key at a time.
 */
export const SESSION_PREFIX = 'sess:';
export const sessionKey = (sid: string) => SESSION_PREFIX + sid;
export const lockKey = (sid: string) => `lock:{${sessionKey(sid)}}`;
/** One hash per session: a field per spent refresh token's fingerprint (so ending a session can delete them all). */
export const successorKey = (sid: string) => `succ:{${sessionKey(sid)}}`;
export const investorKey = (investorId: string) => `inv:${investorId}`;
export const factsKey = (sid: string) => `facts:{${sessionKey(sid)}}`;
export const factsLockKey = (sid: string) => `factslock:{${sessionKey(sid)}}`;

/** Everything kept under a session's hash slot: what ending it deletes, in one command. */
export const sessionKeys = (sid: string) => [
  sessionKey(sid),
  factsKey(sid),
  factsLockKey(sid),
  lockKey(sid),
  successorKey(sid),
];
