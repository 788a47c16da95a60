import fc from 'fast-check';
import request from 'supertest';
import { evaluate } from '../../src/policy';
import { kycFactsOf } from '../../src/securitize';
import { toInvestor } from '../../src/securitize/normalize';
import { SEED_INVESTORS, SEEDED } from '../../src/simulator/fixtures';
import type { InvestorFixture } from '../../src/simulator/fixtures';
import { Harness, startHarness } from '../helpers/harness';
import { policyFile, signingKey } from '../helpers/vouch';
import { startUpstream } from '../helpers/upstream';

const POLICIES = {
  verified: { verified: true },
  eligible: {
    verified: true,
    investorTypes: { allow: ['individual'] },
    countries: { deny: ['US'] },
    usStates: { deny: ['TX'] },
    accredited: true,
  },
  us: { countries: { allow: ['US'] }, usStates: { allow: ['CA', 'NY'] } },
  statuses: { verificationStatuses: { deny: ['rejected', 'expired'] } },
  entity: { investorTypes: { allow: ['entity'] }, accredited: false },
} as const;
const INVESTOR = 'c0ffee00c0ffee00c0ffee00';

let h: Harness;
let up: Awaited<ReturnType<typeof startUpstream>>;
let cookie: string;
beforeAll(async () => {
  up = await startUpstream();
  const apis = Object.keys(POLICIES)
    .map((name) => `  - { prefix: /p/${name}, upstream: "${up.url}/${name}", policy: ${name} }`)
    .join('\n');
  h = await startHarness({
    env: {
      ASSERTION_SIGNING_KEYS: signingKey('p1'),
      // Every decision reads the investor's current profile.
      KYC_FACTS_MAX_AGE: '0',
      POLICY_FILE: policyFile(`policies: ${JSON.stringify(POLICIES)}\napis:\n${apis}\n`),
    },
  });
  h.sim.control.putInvestor(profileWith({}));
  cookie = (await h.login(INVESTOR)).cookie!;
});
afterAll(async () => {
  await h.close();
  await up.close();
});

interface Facts {
  status?: string;
  type?: string;
  country?: string;
  state?: string;
  accredited?: boolean;
}

function profileWith(f: Facts): InvestorFixture {
  const p = structuredClone(SEED_INVESTORS.find((i) => i.profile.investorId === SEEDED.verified)!);
  p.profile.investorId = INVESTOR;
  p.profile.verificationStatus = f.status ?? 'verified';
  const details = p.profile.details;
  if (f.type === undefined) delete details.investorType;
  else details.investorType = f.type;
  if (f.country === undefined) delete details.address;
  else
    details.address = { city: 'X', countryCode: f.country, ...(f.state !== undefined && { state: f.state }) };
  if (f.accredited === undefined) delete p.profile.domainInvestorDetails;
  else p.profile.domainInvestorDetails = { isAccredited: f.accredited };
  return p;
}

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const facts: fc.Arbitrary<Facts> = fc.record({
  status: maybe(
    fc.constantFrom('verified', 'processing', 'rejected', 'expired', 'manual-review', 'passed', 'none'),
  ),
  type: maybe(fc.constantFrom('individual', 'entity', 'trust')),
  country: maybe(fc.constantFrom('US', 'DE', 'SG')),
  state: maybe(fc.constantFrom('CA', 'TX', 'NY')),
  accredited: maybe(fc.boolean()),
});

test('property: a denied decision never forwards anything, an allowed one forwards exactly once', async () => {
  await fc.assert(
    fc.asyncProperty(facts, async (f) => {
      const profile = profileWith(f);
      h.sim.control.putInvestor(profile);
      const expected = { ...kycFactsOf(toInvestor(profile.profile)), fetchedAt: 0 };
      for (const [name, requirements] of Object.entries(POLICIES)) {
        const before = up.seen.length;
        const res = await request(h.url).get(`/p/${name}/x`).set({ Cookie: cookie, 'X-CSRF': '1' });
        const forwarded = up.seen.length - before;
        const verdict = evaluate(requirements, expected);
        if (res.status === 403) {
          expect([name, forwarded]).toEqual([name, 0]);
          expect(verdict).toMatchObject({ allow: false, error: res.body.error, reason: res.body.reason });
        } else {
          expect([name, res.status, forwarded]).toEqual([name, 200, 1]);
          expect(verdict).toEqual({ allow: true });
        }
      }
    }),
    { numRuns: 40 },
  );
}, 60_000);
