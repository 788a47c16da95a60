import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors';
import type { RedisClient } from './client';
import { guarded } from './errors';
import { scriptsOf } from './scripts';

export type LeaseOutcome = 'lock_acquired' | 'done_elsewhere' | 'timeout' | 'failed';

/** One piece of work that exactly one holder across every instance does, the others waiting for its result. */
export interface LeaseSpec<T> {
  /** The lease's Redis key; `op` names it in a 503's log line. */
  key: string;
  op: string;
  /** Held this long, renewed every third of it while the work runs. */
  ttlMs: number;
  /** Waiting for another holder gives up after this long (503 `securitize_unavailable`, `timeoutReason`). */
  waitMs: number;
  timeoutReason: string;
  /** What a holder (this one earlier, or another instance) already produced: asked with every attempt. */
  done(): Promise<T | undefined>;
  /** Runs while holding the lease, only when `done` found nothing. */
  work(): Promise<T>;
  /** Longest pause between attempts while waiting. */
  maxPauseMs?: number;
  hooks?: LeaseHooks;
}

/** For spans and metrics: a wait begins (the first attempt found the lease taken), and how it ended. */
export interface LeaseHooks {
  waitStarted?(): { within<R>(step: () => Promise<R>): Promise<R> };
  ended?(outcome: LeaseOutcome, o: { waitedMs: number; acquired: boolean }): void;
  renewLost?(): void;
}

/**
 * The one lease of the BFF (the token refresh and the facts fetch use it): each attempt takes the
 * lease and asks whether the result is already there, in one round trip; the holder with nothing
 * done does the work, renewing the lease meanwhile; everyone else polls, with a growing pause,
 * until the result appears or the wait runs out. Only the owner that took a lease releases it.
 */
export function createLeases(redis: RedisClient) {
  const scripts = scriptsOf(redis);
  const take = (key: string, owner: string, ttlMs: number, op: string) =>
    guarded(op, async () => (await redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK')();
  const release = (key: string, owner: string) => scripts.releaseLease(key, owner).catch(() => undefined);

  async function holding<T>(spec: LeaseSpec<T>, owner: string): Promise<T> {
    const renew = setInterval(
      () => {
        scripts
          .renewLease(spec.key, owner, spec.ttlMs)
          .then((ok) => ok === 1 || spec.hooks?.renewLost?.())
          .catch(() => undefined);
      },
      Math.max(50, Math.floor(spec.ttlMs / 3)),
    );
    try {
      return await spec.work();
    } finally {
      clearInterval(renew);
    }
  }

  return async function underLease<T>(spec: LeaseSpec<T>): Promise<T> {
    const owner = randomUUID();
    const started = Date.now();
    const maxPause = spec.maxPauseMs ?? 20;
    let pause = 5;
    let wait: ReturnType<NonNullable<LeaseHooks['waitStarted']>> | undefined;
    let outcome: LeaseOutcome = 'failed';
    let acquired = false;
    try {
      for (;;) {
        const attempt = () => Promise.allSettled([take(spec.key, owner, spec.ttlMs, spec.op), spec.done()]);
        const [lease, check] = await (wait ? wait.within(attempt) : attempt());
        acquired = lease.status === 'fulfilled' && lease.value;
        try {
          if (check.status === 'rejected') throw check.reason;
          if (check.value !== undefined) {
            outcome = 'done_elsewhere';
            return check.value;
          }
          if (lease.status === 'rejected') throw lease.reason;
          if (acquired) {
            outcome = 'lock_acquired';
            return await holding(spec, owner);
          }
        } finally {
          // Not awaited: the answer need not wait for the release, which only ever deletes our own lease.
          if (acquired) void release(spec.key, owner);
        }
        if (Date.now() - started > spec.waitMs) {
          outcome = 'timeout';
          throw new AppError('securitize_unavailable', {
            status: 503,
            retryAfterSeconds: 1,
            detail: { reason: spec.timeoutReason },
          });
        }
        wait ??= spec.hooks?.waitStarted?.() ?? { within: (step) => step() };
        await sleep(pause + Math.random() * pause);
        pause = Math.min(pause * 2, maxPause);
      }
    } finally {
      spec.hooks?.ended?.(outcome, { waitedMs: Date.now() - started, acquired });
    }
  };
}

export type UnderLease = ReturnType<typeof createLeases>;
