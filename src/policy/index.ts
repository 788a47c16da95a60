/** Policies: the path reading, the rules and the requirements over an investor's KYC facts. Pure; no I/O. */
export { normalizePath, underPrefix } from './path';
export type { NormalizedPath } from './path';
export { evaluate, needsFacts } from './evaluate';
export { createRuleMatcher } from './match';
export { describePolicy } from './describe';
export type { RuleMatch } from './match';
export { EMPTY_POLICY_SET } from './types';
export type {
  ApiEntry,
  KycFacts,
  ListRequirement,
  PolicyDefault,
  PolicyRule,
  PolicySet,
  Requirements,
  Verdict,
} from './types';
