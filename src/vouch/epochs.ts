import { createBoundedMap } from '../store';

/** Investors whose last drop this process remembers; past this many, everything older counts as dropped. */
const REMEMBERED = 10_000;

/**
 * Which of this process's cached facts and assertions still count, per investor: each drop moves
 * the investor to a new epoch, and what was cached (or began to be fetched) in an earlier one is
 * not used. When an investor's entry has to make room, the floor moves up instead: every investor
 * then counts as dropped at that moment (a few fetches too many, never a stale answer).
 */
export function createEpochs() {
  let counter = 0;
  let floor = 0;
  const dropped = createBoundedMap<string, number>(REMEMBERED);
  return {
    /** The investor's epoch now: stamp what is cached or fetched with it. */
    of: (investorId: string): number => dropped.get(investorId) ?? floor,
    /** Whether something stamped `stamp` still counts for this investor. */
    current: (investorId: string, stamp: number): boolean => stamp >= (dropped.get(investorId) ?? floor),
    /** Everything cached for the investor so far stops counting. */
    bump(investorId: string): void {
      counter += 1;
      if (dropped.get(investorId) === undefined && dropped.size >= REMEMBERED) floor = counter;
      dropped.set(investorId, counter);
    },
  };
}

export type Epochs = ReturnType<typeof createEpochs>;
