import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { normalizePath } from '../policy';
import type { ApiEntry, PolicyDefault, PolicyRule, PolicySet, Requirements } from '../policy';
import { File, MB, OWN_PATHS, RawRequirements, Ref } from './policy-schema';
import { readSections } from './policy-read';

/**
 * Idle connections to an upstream are dropped after this long: before Node's own server default
 * (5 s) ends them from the other side, so a pooled connection is rarely reused just as it closes.
 */
const DEFAULT_KEEP_ALIVE_MS = 4000;

const asRequirements = (r: RawRequirements): Requirements => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = Array.isArray(v) ? { allow: v } : v;
  return out as Requirements;
};
/** A GET rule covers HEAD too, as HTTP has it. */
const withHead = (m?: readonly string[]) => (m?.includes('GET') && !m.includes('HEAD') ? [...m, 'HEAD'] : m);

/**
 * Reads POLICY_FILE (YAML, of which JSON is a subset) once at start-up. Every problem is collected,
 * each named by where it is in the file, so one edit fixes them all.
 */
export function loadPolicyFile(file: string, problems: string[]): PolicySet | undefined {
  const at = (where: string, message: string) => problems.push(`POLICY_FILE (${where}): ${message}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return void problems.push(
      `POLICY_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 50 });
  } catch (err) {
    return void problems.push(
      `POLICY_FILE: not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const before = problems.length;
  const { file: f, broken } = readSections(data, at);
  const set = build(f, broken, at);
  return problems.length === before ? set : undefined;
}

function build(f: File, broken: Set<string>, at: (where: string, message: string) => void): PolicySet {
  // No prototype: a policy named `constructor` or `toString` is simply not there.
  const policies: Record<string, Requirements> = Object.create(null) as Record<string, Requirements>;
  for (const [name, r] of Object.entries(f.policies ?? {})) policies[name] = asRequirements(r);
  const resolve = (ref: Ref, where: string): Pick<PolicyRule, 'policy' | 'requirements'> => {
    if (ref === null) return { policy: null, requirements: null };
    if (typeof ref !== 'string') return { policy: 'inline', requirements: asRequirements(ref) };
    if (!Object.hasOwn(policies, ref)) {
      if (!broken.has(ref)) at(`${where}.policy`, `no policy named "${ref}" under policies`);
      return { policy: ref, requirements: null };
    }
    return { policy: ref, requirements: policies[ref]! };
  };
  const pathOf = (value: string, where: string): string | undefined => {
    const n = normalizePath(value);
    if (!n.ok || n.query || n.path !== value) {
      at(
        where,
        'must be a plain absolute path such as /invest (no query, no dot segments, no escapes to decode)',
      );
      return undefined;
    }
    return n.path.length > 1 ? n.path.replace(/\/$/, '') : n.path;
  };

  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  (f.rules ?? []).forEach((r, i) => {
    if (!r) return; // refused as it was read
    const path = pathOf(r.path, `rules.${i}.path`)?.toLowerCase();
    const policy = resolve(r.policy, `rules.${i}`);
    if (path === undefined) return;
    if (seen.has(path))
      at(`rules.${i}.path`, `another rule has the path ${path} (paths match in any letter case)`);
    seen.add(path);
    rules.push({
      path,
      methods: withHead(r.methods),
      audience: r.audience,
      ...(r.allowCrossSite && { allowCrossSite: true }),
      ...policy,
    });
  });
  const fallback = defaultOf(f.default, resolve);

  const apis: ApiEntry[] = [];
  const prefixes: string[] = [];
  (f.apis ?? []).forEach((a, i) => {
    if (!a) return; // refused as it was read
    const where = `apis.${i}`;
    const prefix = pathOf(a.prefix, `${where}.prefix`);
    const upstream = upstreamOf(a.upstream);
    if (!upstream) at(`${where}.upstream`, 'must be an http(s) URL without query, fragment or credentials');
    if (prefix === '/') at(`${where}.prefix`, 'must not be / (the BFF serves its own paths there)');
    const lower = prefix?.toLowerCase();
    const clash = (p: string) =>
      lower !== undefined && (lower === p || lower.startsWith(`${p}/`) || p.startsWith(`${lower}/`));
    const own = OWN_PATHS.find(clash);
    if (own) at(`${where}.prefix`, `must not overlap the BFF's own ${own}`);
    const other = prefixes.find(clash);
    if (other) at(`${where}.prefix`, `overlaps the prefix ${other} of another entry`);
    if (lower !== undefined) prefixes.push(lower);
    const policy = resolve(a.policy, where);
    if (prefix === undefined || !upstream || prefix === '/') return;
    apis.push({
      prefix,
      upstream,
      methods: withHead(a.methods),
      audience: a.audience,
      maxBodyBytes: a.maxBodyBytes ?? 10 * MB,
      timeoutMs: (a.timeoutSeconds ?? 30) * 1000,
      keepAliveMs: a.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
      ...policy,
    });
  });
  return { policies, rules, apis, default: fallback };
}

function defaultOf(
  d: File['default'],
  resolve: (ref: Ref, where: string) => Pick<PolicyRule, 'policy' | 'requirements'>,
): PolicyDefault {
  if (d === undefined || d === 'deny') return { kind: 'deny' };
  if (d === 'session') return { kind: 'session' };
  const { policy, requirements } = resolve(d.policy, 'default');
  return { kind: 'policy', policy: policy ?? 'inline', requirements: requirements ?? {} };
}

function upstreamOf(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.search || url.hash || url.username || url.password || value.includes('?') || value.includes('#'))
    return undefined;
  return url.toString().replace(/\/+$/, '');
}
