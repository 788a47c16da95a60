import { loadConfig } from '../../src/config';
import { base, problemsOf, prod } from '../helpers/config-env';
import { policyFile, signingKey } from '../helpers/vouch';

describe('POLICY_FILE', () => {
  test('YAML and JSON both load; list shorthand means allow; GET rules cover HEAD; paths match in lower case', () => {
    const yaml = loadConfig({
      ...base,
      POLICY_FILE: policyFile(`
policies:
  eligible: { verified: true, investorTypes: [individual], countries: { deny: [US] }, usStates: { deny: [TX] }, accredited: true }
rules:
  - { path: /Invest, methods: [get, POST], policy: eligible }
  - { path: /, policy: null }
apis:
  - { prefix: /app-api/orders, upstream: "http://127.0.0.1:9000/", methods: [GET], policy: eligible, audience: orders }
`),
    }).policy;
    expect(yaml.rules[0]).toEqual({
      path: '/invest',
      methods: ['GET', 'POST', 'HEAD'],
      policy: 'eligible',
      audience: undefined,
      requirements: {
        verified: true,
        investorTypes: { allow: ['individual'] },
        countries: { deny: ['US'] },
        usStates: { deny: ['TX'] },
        accredited: true,
      },
    });
    expect(yaml.apis[0]).toMatchObject({
      prefix: '/app-api/orders',
      upstream: 'http://127.0.0.1:9000',
      maxBodyBytes: 10 * 1024 * 1024,
      timeoutMs: 30_000,
      audience: 'orders',
    });
    const json = loadConfig({
      ...base,
      POLICY_FILE: policyFile('{"rules":[{"path":"/a","policy":{"verified":true}}]}', 'policy.json'),
    }).policy;
    expect(json.rules[0]).toMatchObject({ path: '/a', policy: 'inline', requirements: { verified: true } });
  });

  test('a bad file stops start-up with every problem listed, each with where it is', () => {
    const problems = problemsOf({
      ...base,
      POLICY_FILE: policyFile(`
policies:
  p: { verified: yes-please, countries: [usa], unknownThing: 1 }
rules:
  - { path: /a/../b, policy: missing }
  - { path: /x, policy: null, methods: [FETCH] }
  - { path: /X, policy: null }
apis:
  - { prefix: /api/orders, upstream: "http://h/", policy: null }
  - { prefix: /app, upstream: "ftp://h/", policy: null }
  - { prefix: /app/x, upstream: "http://h/?q=1", policy: null, maxBodyBytes: -1 }
`),
    });
    const text = problems.join('\n');
    for (const where of ['policies.p.verified', 'policies.p.countries', 'policies.p', 'rules.1.methods.0'])
      expect(text).toContain(`POLICY_FILE (${where}`);
    expect(text).toContain('apis.2.maxBodyBytes');
    expect(problems.length).toBeGreaterThanOrEqual(5);

    const structural = problemsOf({
      ...base,
      POLICY_FILE: policyFile(`
rules:
  - { path: /a/../b, policy: missing }
  - { path: /x, policy: null }
  - { path: /X, policy: null }
apis:
  - { prefix: /api/orders, upstream: "http://h/", policy: null }
  - { prefix: /app, upstream: "ftp://h/", policy: null }
  - { prefix: /app/x, upstream: "http://h/?q=1", policy: null }
  - { prefix: /, upstream: "http://h/", policy: null }
`),
    }).join('\n');
    expect(structural).toContain('POLICY_FILE (rules.0.path)');
    expect(structural).toContain('POLICY_FILE (rules.0.policy): no policy named "missing"');
    expect(structural).toContain('POLICY_FILE (rules.2.path): another rule has the path /x');
    expect(structural).toContain("POLICY_FILE (apis.0.prefix): must not overlap the BFF's own /api");
    expect(structural).toContain('POLICY_FILE (apis.1.upstream)');
    expect(structural).toContain('POLICY_FILE (apis.2.prefix): overlaps the prefix /app');
    expect(structural).toContain('POLICY_FILE (apis.2.upstream)');
    expect(structural).toContain('POLICY_FILE (apis.3.prefix): must not be /');
  });

  test('one reading lists every problem: those of the shape and those between entries, each naming its place and what it must be', () => {
    const problems = problemsOf({
      ...base,
      POLICY_FILE: policyFile(`
policies:
  good: { verified: true }
  bad: { countries: [usa] }
rules:
  - { path: /a, policy: missing }
  - { path: /b, policy: bad }
  - { path: /c, policy: 42 }
  - { path: /a, policy: good }
apis:
  - { prefix: /app-api/x, upstream: "http://h/", policy: good, maxBodyBytes: -1 }
  - { prefix: /app-api/y, upstream: "http://h/", policy: [verified] }
  - { prefix: /api/z, upstream: "http://h/", policy: good }
default: allow
extra: 1
`),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'POLICY_FILE (extra): is not a key of a policy file (policies, rules, apis, default)',
        'POLICY_FILE (policies.bad.countries.0): must be an ISO 3166-1 alpha-2 code in capitals, such as US',
        'POLICY_FILE (default): must be deny, session or { policy: <name> }',
        'POLICY_FILE (rules.2.policy): must be the name of a policy under policies, requirements in place ({ verified: true, … }) or null',
        'POLICY_FILE (apis.1.policy): must be the name of a policy under policies, requirements in place ({ verified: true, … }) or null',
        'POLICY_FILE (rules.0.policy): no policy named "missing" under policies',
        'POLICY_FILE (rules.3.path): another rule has the path /a (paths match in any letter case)',
        "POLICY_FILE (apis.2.prefix): must not overlap the BFF's own /api",
      ]),
    );
    expect(problems.find((p) => p.startsWith('POLICY_FILE (apis.0.maxBodyBytes)'))).toBeDefined();
    // A rule naming a policy that is there but wrong is not also told the policy is missing.
    expect(problems.filter((p) => p.includes('rules.1'))).toEqual([]);
    expect(problems.every((p) => !/Invalid input$/.test(p))).toBe(true);
  });

  test('a path no rule covers is refused unless the file says otherwise: default deny, session or a policy', () => {
    const load = (text: string) => loadConfig({ ...base, POLICY_FILE: policyFile(text) }).policy.default;
    expect(load('rules: [{ path: /a, policy: null }]')).toEqual({ kind: 'deny' });
    expect(loadConfig(base).policy.default).toEqual({ kind: 'deny' });
    expect(load('default: deny')).toEqual({ kind: 'deny' });
    expect(load('default: session')).toEqual({ kind: 'session' });
    expect(load('policies: { v: { verified: true } }\ndefault: { policy: v }')).toEqual({
      kind: 'policy',
      policy: 'v',
      requirements: { verified: true },
    });
    expect(load('default: { policy: { countries: [US] } }')).toEqual({
      kind: 'policy',
      policy: 'inline',
      requirements: { countries: { allow: ['US'] } },
    });
    expect(problemsOf({ ...base, POLICY_FILE: policyFile('default: allow') })).toEqual([
      'POLICY_FILE (default): must be deny, session or { policy: <name> }',
    ]);
    expect(problemsOf({ ...base, POLICY_FILE: policyFile('default: { policy: nope }') })).toEqual([
      'POLICY_FILE (default.policy): no policy named "nope" under policies',
    ]);
  });

  test('production refuses forward-auth without a policy file, and says how to keep a session-only set-up', () => {
    expect(
      problemsOf({ ...prod, FORWARD_AUTH_PORT: '9100', ASSERTION_SIGNING_KEYS: signingKey('p') }),
    ).toEqual([
      'POLICY_FILE: required in production with FORWARD_AUTH_PORT (without rules every path is refused; for a session-only set-up, a rule { path: /, policy: null })',
    ]);
  });

  test('a policy named like a property every object has is not there (constructor, toString, __proto__)', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__'])
      expect(
        problemsOf({ ...base, POLICY_FILE: policyFile(`rules: [{ path: /invest, policy: ${name} }]`) }),
      ).toEqual([`POLICY_FILE (rules.0.policy): no policy named "${name}" under policies`]);
  });

  test('an unreadable or unparsable file is named, never echoed', () => {
    expect(problemsOf({ ...base, POLICY_FILE: '/nonexistent/policy.yaml' })).toEqual([
      'POLICY_FILE: cannot read /nonexistent/policy.yaml (ENOENT)',
    ]);
    const broken = problemsOf({
      ...base,
      POLICY_FILE: policyFile('rules: [ { path: /a, policy: null }\nsecret: x'),
    });
    expect(broken[0]).toMatch(/^POLICY_FILE: not valid YAML or JSON/);
  });
});

describe('assertion settings', () => {
  test('development makes a key when none is set; production requires one only with forward-auth or apis', () => {
    const dev = loadConfig(base);
    expect(dev.assertion).toMatchObject({
      keysGenerated: true,
      ttlSeconds: 60,
      audience: 'http://localhost:3000',
    });
    expect(dev.assertion.keys).toHaveLength(1);
    expect(loadConfig(prod).assertion.keys).toHaveLength(0);
    expect(problemsOf({ ...prod, FORWARD_AUTH_PORT: '9100' }).join('\n')).toMatch(
      /^ASSERTION_SIGNING_KEYS: required in production with FORWARD_AUTH_PORT or apis/m,
    );
    const apis = policyFile('apis: [{ prefix: /app-api/x, upstream: "http://h", policy: null }]');
    expect(problemsOf({ ...prod, POLICY_FILE: apis }).join('\n')).toMatch(/ASSERTION_SIGNING_KEYS: required/);
    const ok = loadConfig({
      ...prod,
      FORWARD_AUTH_PORT: '9100',
      POLICY_FILE: policyFile('rules: [{ path: /, policy: null }]'),
      ASSERTION_SIGNING_KEYS: `${signingKey('new')},${signingKey('old')}`,
    });
    expect(ok.assertion.keys.map((k) => k.kid)).toEqual(['new', 'old']);
    expect(ok.forwardAuth).toEqual({ port: 9100, host: '127.0.0.1', headers: 'nginx' });
  });

  test('bad keys, a TTL out of range, and forward-auth on the public port are refused', () => {
    const rsa = `r:${Buffer.from('not a key').toString('base64')}`;
    const problems = problemsOf({
      ...base,
      ASSERTION_SIGNING_KEYS: `${signingKey('a')},${rsa},${signingKey('a')}`,
      ASSERTION_TTL: '301',
      FORWARD_AUTH_PORT: '3000',
      FORWARD_AUTH_HEADERS: 'envoy',
    }).join('\n');
    expect(problems).toContain('ASSERTION_TTL');
    expect(problems).toContain('FORWARD_AUTH_HEADERS');
    const keyProblems = problemsOf({
      ...base,
      ASSERTION_SIGNING_KEYS: `${signingKey('a')},${rsa},${signingKey('a')}`,
      FORWARD_AUTH_PORT: '3000',
    });
    expect(keyProblems).toEqual([
      'ASSERTION_SIGNING_KEYS (entry 3): duplicate key id',
      expect.stringMatching(/^ASSERTION_SIGNING_KEYS \(entry 2\): must be a P-256 private key/),
      'FORWARD_AUTH_PORT: must not be PORT (forward-auth is never on the public port)',
    ]);
  });
});
