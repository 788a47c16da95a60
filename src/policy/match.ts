import type { PolicyRule } from './types';
import { underPrefix } from './path';

export type RuleMatch =
  { kind: 'none' } | { kind: 'rule'; rule: PolicyRule } | { kind: 'method_not_allowed'; rule: PolicyRule };

/**
 * The longest rule whose path covers `path` (compared in lower case, by whole segments). When that
 * rule names methods and `method` is not one of them, the request is refused: it never falls
 * through to a shorter, possibly weaker, rule.
 */
export function createRuleMatcher(rules: readonly PolicyRule[]) {
  const byLength = [...rules].sort((a, b) => b.path.length - a.path.length);
  return (method: string, path: string): RuleMatch => {
    const lower = path.toLowerCase();
    const rule = byLength.find((r) => underPrefix(lower, r.path));
    if (!rule) return { kind: 'none' };
    if (rule.methods && !rule.methods.includes(method)) return { kind: 'method_not_allowed', rule };
    return { kind: 'rule', rule };
  };
}
