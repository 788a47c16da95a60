import type { PolicyDefault, PolicyRule } from './types';
import { underPrefix } from './path';

export type RuleMatch =
  | { kind: 'rule'; rule: PolicyRule; name: string }
  | { kind: 'no_rule' }
  | { kind: 'method_not_allowed'; rule: PolicyRule };

/** The rule a path that matches no rule gets, named `default` in logs and metrics. */
function defaultRule(d: PolicyDefault): PolicyRule | undefined {
  if (d.kind === 'deny') return undefined;
  if (d.kind === 'session') return { path: '/', policy: null, requirements: null };
  return { path: '/', policy: d.policy, requirements: d.requirements };
}

/**
 * The longest rule whose path covers `path` (compared in lower case, by whole segments). When that
 * rule names methods and `method` is not one of them, the request is refused: it never falls
 * through to a shorter, possibly weaker, rule. A path no rule covers gets the file's default:
 * refused (`no_rule`) unless the file says otherwise.
 */
export function createRuleMatcher(rules: readonly PolicyRule[], fallback: PolicyDefault) {
  const byLength = [...rules].sort((a, b) => b.path.length - a.path.length);
  const otherwise = defaultRule(fallback);
  return (method: string, path: string): RuleMatch => {
    const lower = path.toLowerCase();
    const rule = byLength.find((r) => underPrefix(lower, r.path));
    if (!rule) return otherwise ? { kind: 'rule', rule: otherwise, name: 'default' } : { kind: 'no_rule' };
    if (rule.methods && !rule.methods.includes(method)) return { kind: 'method_not_allowed', rule };
    return { kind: 'rule', rule, name: rule.path };
  };
}
