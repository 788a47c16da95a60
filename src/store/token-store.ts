import { createHash } from 'node:crypto';
import type { RedisClient } from './client';
import { guarded } from './errors';
import { lockKey, sessionKey, successorKey } from './keys';
import type { TokenCodec } from './seal';
import { openTokens, parseRecord, StoredTokens, tokenFields, withTokens } from './session-record';
import { scriptsOf } from './scripts';

export type CasResult = 'written' | 'gone' | 'changed';

/** Never a token in a key name: a successor record is found by a hash of the spent token. */
export const fingerprint = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * What the token refresh needs of a session in Redis. Writes are conditional on the exact stored
 * value, so a refresh can neither overwrite a concurrent change nor bring back a session that a
 * concurrent logout deleted. Successor records (the pair a spent refresh token was replaced by)
 * live in one hash per session, sealed like the session's own tokens.
 */
export function createTokenStore(redis: RedisClient, codec: TokenCodec) {
  const scripts = scriptsOf(redis);
  return {
    read: guarded('refresh_check', async (sid: string) => {
      const raw = await redis.get(sessionKey(sid));
      const record = raw === null ? null : parseRecord(raw);
      const tokens = record && openTokens(record, sid, codec);
      return raw !== null && tokens ? { raw, tokens } : null;
    }),
    compareAndSetTokens: guarded(
      'persist_refreshed_tokens',
      async (sid: string, raw: string, tokens: StoredTokens): Promise<CasResult> => {
        const result = await scripts.compareAndSet(sessionKey(sid), raw, withTokens(raw, tokens, sid, codec));
        return result === 1 ? 'written' : result === 0 ? 'gone' : 'changed';
      },
    ),
    putSuccessor: guarded(
      'persist_refreshed_tokens',
      async (sid: string, spent: string, tokens: StoredTokens, ttlMs: number) => {
        const bound = { investorId: '', createdAt: 0 };
        const value = JSON.stringify({ ...tokenFields(tokens, sid, bound, codec), ...bound });
        await scripts.putSuccessor(successorKey(sid), fingerprint(spent), value, ttlMs);
      },
    ),
    getSuccessor: guarded('refresh_check', async (sid: string, spent: string) => {
      const raw = await redis.hget(successorKey(sid), fingerprint(spent));
      const record = raw === null ? null : parseRecord(raw);
      return record && openTokens(record, sid, codec);
    }),
    /** Where the refresh's lease lives: one refresh of a session at a time, across instances. */
    leaseKey: lockKey,
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
