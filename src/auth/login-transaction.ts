import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RedisClient } from '../redis';

/** What /login remembers until /callback: single use, short-lived, server-side. */
export interface LoginTransaction {
  stateHash: string;
  returnTo: string;
  createdAt: number;
}

export interface TransactionStore {
  put(id: string, tx: LoginTransaction, ttlSeconds: number): Promise<void>;
  /** Reads and deletes atomically, so a transaction can be consumed only once. */
  take(id: string): Promise<LoginTransaction | null>;
}

export const newTransactionId = () => randomBytes(18).toString('base64url');
/** 256 bits from the CSPRNG; base64url so it needs no escaping inside redirecturl. */
export const newState = () => randomBytes(32).toString('base64url');
export const hashState = (state: string) => createHash('sha256').update(state).digest('base64url');

export const TX_ID_PATTERN = /^[A-Za-z0-9_-]{24}$/;
export const STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function stateMatches(state: string, stateHash: string): boolean {
  const a = Buffer.from(hashState(state));
  const b = Buffer.from(stateHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createRedisTransactionStore(redis: RedisClient, prefix = 'tx:'): TransactionStore {
  return {
    async put(id, tx, ttlSeconds) {
      await redis.set(prefix + id, JSON.stringify(tx), 'EX', ttlSeconds);
    },
    async take(id) {
      const raw = await redis.getdel(prefix + id);
      return raw ? parseTransaction(raw) : null;
    },
  };
}

function parseTransaction(raw: string): LoginTransaction | null {
  try {
    const v = JSON.parse(raw) as Partial<LoginTransaction>;
    if (typeof v.stateHash === 'string' && typeof v.returnTo === 'string' && typeof v.createdAt === 'number')
      return { stateHash: v.stateHash, returnTo: v.returnTo, createdAt: v.createdAt };
  } catch {
    // fall through: a corrupt record is treated as absent
  }
  return null;
}
