import type { PolicyDefault, PolicySet } from './types';

const defaultText = (d: PolicyDefault) =>
  d.kind === 'deny' ? 'deny' : d.kind === 'session' ? 'session' : `policy ${d.policy}`;

/**
 * What the policy file decides, for the start-up log: each rule (path, methods, policy), what a
 * path no rule covers gets, and the gateway's prefixes. Names and paths only, no requirement values.
 */
export function describePolicy(p: PolicySet) {
  return {
    rules: p.rules.map((r) => ({
      path: r.path,
      methods: r.methods ? r.methods.join(',') : 'any',
      policy: r.policy ?? 'session',
      ...(r.allowCrossSite && { allowCrossSite: true }),
    })),
    default: defaultText(p.default),
    apis: p.apis.map((a) => ({ prefix: a.prefix, policy: a.policy ?? 'session' })),
  };
}
