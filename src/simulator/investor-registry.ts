import { randomBytes } from 'node:crypto';
import { SEED_INVESTORS, type InvestorFixture } from './fixtures';

export type InvestorRegistry = ReturnType<typeof createInvestorRegistry>;

/** The investors one simulator instance knows: the shared seeds, then whoever signed up on this instance. */
export function createInvestorRegistry(seeds: readonly InvestorFixture[] = SEED_INVESTORS) {
  const byId = new Map(seeds.map((i) => [i.profile.investorId, i]));

  return {
    find(investorId: string): InvestorFixture | undefined {
      return byId.get(investorId);
    },

    all(): InvestorFixture[] {
      return [...byId.values()];
    },

    add(investor: InvestorFixture): void {
      if (byId.has(investor.profile.investorId)) throw new Error('investorId already taken');
      byId.set(investor.profile.investorId, investor);
    },

    /** Adds the investor, or replaces the one with the same id (a test changing KYC facts). */
    put(investor: InvestorFixture): void {
      byId.set(investor.profile.investorId, investor);
    },

    /** A fresh 24-hex id (the shape of a Mongo ObjectId, like the real ones) that no investor has yet. */
    newId(): string {
      for (;;) {
        const id = randomBytes(12).toString('hex');
        if (!byId.has(id)) return id;
      }
    },
  };
}
