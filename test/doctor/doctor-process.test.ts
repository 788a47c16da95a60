import { CLIENT_ID, runDoctorProcess, SECRETS, SetUp, startSetUp } from './setup';

/** Every secret value, and each key's material on its own. */
const secretValues = [
  ...Object.values(SECRETS),
  ...[SECRETS.TOKEN_ENCRYPTION_KEYS, SECRETS.ASSERTION_SIGNING_KEYS].flatMap((list) =>
    list.split(',').map((entry) => entry.slice(entry.indexOf(':') + 1)),
  ),
];
const expectNoSecret = (out: string) => {
  for (const v of secretValues) expect(out).not.toContain(v);
};

describe('npm run doctor as a child process', () => {
  let s: SetUp;
  beforeAll(async () => {
    s = await startSetUp();
  });
  afterAll(() => s.close());

  it('a good set-up: one line per check, exit 0, no secret printed', async () => {
    const r = await runDoctorProcess(s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok {4}configuration: production settings read/m);
    expect(r.stdout).toMatch(/^ok {4}redirect allow-list: /m);
    expect(r.stdout).toMatch(/^0 failed, 0 warning\(s\), 14 ok, 2 skipped$/m);
    expect(r.stderr).toBe('');
    expectNoSecret(r.stdout + r.stderr);
  });

  it('--json: the same checks as one JSON document on stdout', async () => {
    const r = await runDoctorProcess(s.env, ['--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; checks: Array<Record<string, unknown>> };
    expect(doc.ok).toBe(true);
    expect(doc.checks).toHaveLength(16);
    expect(doc.checks[0]).toMatchObject({ id: 'config', status: 'ok', label: 'configuration' });
    expectNoSecret(r.stdout + r.stderr);
  });

  it('a wrong secret and an allow-list without the callback: exit 1, fixes named, no secret printed in either mode', async () => {
    await fetch(`${s.running.url}/v1/${CLIENT_ID}`, {
      method: 'PATCH',
      headers: { authorization: SECRETS.SECURITIZE_SECRET, 'content-type': 'application/json' },
      body: JSON.stringify({ redirectUrls: ['https://partner.example.test/*'] }),
    });
    try {
      const allow = await runDoctorProcess(s.env);
      expect(allow.code).toBe(1);
      expect(allow.stdout).toMatch(/^fail {2}redirect allow-list: /m);
      expect(allow.stdout).toContain('curl -sS -X PATCH');
      expectNoSecret(allow.stdout + allow.stderr);
      const allowJson = await runDoctorProcess(s.env, ['--json']);
      expect(JSON.parse(allowJson.stdout).ok).toBe(false);
      expectNoSecret(allowJson.stdout + allowJson.stderr);

      const wrong = { ...s.env, SECURITIZE_SECRET: `${SECRETS.SECURITIZE_SECRET}-x` };
      for (const args of [[], ['--json']]) {
        const r = await runDoctorProcess(wrong, args);
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('SECURITIZE_CLIENT_ID and SECURITIZE_SECRET');
        expectNoSecret(r.stdout + r.stderr);
      }
    } finally {
      s.sim.control.reset();
    }
  });

  it('a broken configuration: exit 1 with the problems, never loading development defaults', async () => {
    const r = await runDoctorProcess({ NODE_ENV: 'development', SESSION_SECERT: SECRETS.SESSION_SECRET });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'warn  unknown variable: Unknown variable SESSION_SECERT is ignored (did you mean SESSION_SECRET?).',
    );
    // Without development defaults, Securitize and Redis are missing rather than simulated.
    expect(r.stdout).toMatch(/^fail {2}configuration: SECURITIZE_CLIENT_ID: required/m);
    expect(r.stdout).toMatch(/^fail {2}configuration: REDIS_URL: required/m);
    expect(r.stdout).toMatch(/^skip {2}Redis: the configuration has problems/m);
    expectNoSecret(r.stdout + r.stderr);
  });
});
