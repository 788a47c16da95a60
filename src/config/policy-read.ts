import type { z } from 'zod';
import {
  apiSchema,
  defaultSchema,
  File,
  POLICY_NAME,
  RawRequirements,
  requirementsSchema,
  ruleSchema,
} from './policy-schema';

type At = (where: string, message: string) => void;
const KEYS = ['policies', 'rules', 'apis', 'default'];
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One value against its schema: the value, or each problem named by where it is. */
function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
  at: At,
): z.infer<S> | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) at([where, ...issue.path].join('.'), issue.message);
  return undefined;
}

function list<S extends z.ZodType>(schema: S, value: unknown, key: string, at: At) {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return void at(key, 'must be a list');
  // Holes keep each entry at its index, so later problems name the entry where it is in the file.
  return value.map((v, i) => check(schema, v, `${key}.${i}`, at));
}

/**
 * The file's sections, each entry checked on its own, so one reading reports every problem of every
 * entry; what is wrong is left out (a hole in a list) and the rest is built and checked further.
 * `broken` names the policies that are there but wrong (a rule naming one is not also "missing").
 */
export function readSections(data: unknown, at: At): { file: File; broken: Set<string> } {
  const broken = new Set<string>();
  if (data === undefined || data === null) return { file: {}, broken };
  if (!isObject(data)) {
    at('top level', 'must be a mapping with policies, rules, apis and default');
    return { file: {}, broken };
  }
  for (const key of Object.keys(data))
    if (!KEYS.includes(key)) at(key, `is not a key of a policy file (${KEYS.join(', ')})`);
  let policies: Record<string, RawRequirements> | undefined;
  if (data.policies !== undefined && !isObject(data.policies))
    at('policies', 'must be a mapping of names to requirements');
  else if (data.policies !== undefined) {
    policies = {};
    for (const [name, r] of Object.entries(data.policies)) {
      const named = check(POLICY_NAME, name, `policies.${name}`, at);
      const requirements = check(requirementsSchema, r, `policies.${name}`, at);
      if (named !== undefined && requirements !== undefined) policies[name] = requirements;
      else broken.add(name);
    }
  }
  const fallback = data.default === undefined ? undefined : check(defaultSchema, data.default, 'default', at);
  const file = {
    policies,
    rules: list(ruleSchema, data.rules, 'rules', at),
    apis: list(apiSchema, data.apis, 'apis', at),
    default: fallback,
  };
  return { file: file as File, broken };
}
