import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Check, runDoctor } from '../../src/doctor';
import { DEV_DOMAIN } from '../../src/simulator';
import { PUBLIC_URL, SetUp, startSetUp } from './setup';

const TOKEN = randomBytes(32).toString('base64url');
const byId = (checks: Check[], id: string) => checks.find((x) => x.id === id)!;

describe('npm run doctor: Securitize webhooks, against the simulator’s Domain API', () => {
  let s: SetUp;
  let env: Record<string, string>;
  beforeAll(async () => {
    s = await startSetUp();
    env = {
      ...s.env,
      SECURITIZE_WEBHOOK_TOKEN: TOKEN,
      SECURITIZE_DOMAIN_API_URL: s.running.url,
      SECURITIZE_DOMAIN_API_KEY: DEV_DOMAIN.apiKey,
      SECURITIZE_WEBHOOK_PUBLIC_KEY: s.sim.control.webhookPublicKey(),
      SECURITIZE_WEBHOOK_SIGNATURE_HEADER: 'x-securitize-signature',
    };
  });
  afterAll(() => s.close());

  it('off: one line saying so', async () => {
    const result = await runDoctor(s.env, { timeoutMs: 3000 });
    expect(byId(result.checks, 'webhooks')).toMatchObject({ status: 'skip' });
  });

  it('no subscription for this BFF: a fail with the curl that creates it; run as printed, it fixes it', async () => {
    const before = await runDoctor(env, { timeoutMs: 3000 });
    expect(byId(before.checks, 'webhooks.domain_api').status).toBe('ok');
    const c = byId(before.checks, 'webhooks.subscription');
    expect(c.status).toBe('fail');
    expect(c.detail).toBe(
      `no domain-investor-kyc-update subscription sends to ${PUBLIC_URL}/webhooks/securitize/…`,
    );
    const curl = c.fix!.split('\n')[1]!;
    const printed = JSON.stringify(before);
    for (const secret of [TOKEN, DEV_DOMAIN.apiKey]) expect(printed).not.toContain(secret);
    // The team puts its domain id in; the key and token come from the shell.
    await promisify(execFile)('bash', ['-c', curl.replace('<your domain id>', DEV_DOMAIN.domainId)], {
      env: {
        PATH: process.env.PATH,
        SECURITIZE_DOMAIN_API_KEY: DEV_DOMAIN.apiKey,
        SECURITIZE_WEBHOOK_TOKEN: TOKEN,
      },
    });
    const after = await runDoctor(env, { timeoutMs: 3000 });
    expect(byId(after.checks, 'webhooks.subscription').status).toBe('ok');
    expect(byId(after.checks, 'webhooks.signature')).toMatchObject({ status: 'ok' });
    expect(after.ok).toBe(true);
  });

  it('a subscription with another token, a wrong key, report mode and no key each say what to change', async () => {
    const other = await runDoctor(
      { ...env, SECURITIZE_WEBHOOK_TOKEN: randomBytes(32).toString('base64url') },
      { timeoutMs: 3000 },
    );
    expect(byId(other.checks, 'webhooks.subscription')).toMatchObject({ status: 'fail' });
    expect(byId(other.checks, 'webhooks.subscription').fix).toContain('SECURITIZE_WEBHOOK_TOKEN');

    const wrongKey = await runDoctor(
      { ...env, SECURITIZE_DOMAIN_API_KEY: 'someone:else' },
      { timeoutMs: 3000 },
    );
    expect(byId(wrongKey.checks, 'webhooks.domain_api')).toMatchObject({ status: 'fail' });
    expect(byId(wrongKey.checks, 'webhooks.domain_api').fix).toContain('SECURITIZE_DOMAIN_API_KEY');
    expect(JSON.stringify(wrongKey)).not.toContain('someone:else');

    const report = await runDoctor({ ...env, SECURITIZE_WEBHOOK_SIGNATURE: 'report' }, { timeoutMs: 3000 });
    expect(byId(report.checks, 'webhooks.signature')).toMatchObject({ status: 'warn' });
    expect(byId(report.checks, 'webhooks.signature').fix).toContain('SECURITIZE_WEBHOOK_SIGNATURE=enforce');

    const noKey = { ...env };
    delete noKey.SECURITIZE_WEBHOOK_PUBLIC_KEY;
    delete noKey.SECURITIZE_WEBHOOK_SIGNATURE_HEADER;
    const unsigned = await runDoctor(noKey, { timeoutMs: 3000 });
    expect(byId(unsigned.checks, 'webhooks.signature')).toMatchObject({ status: 'warn' });
    expect(byId(unsigned.checks, 'webhooks.signature').fix).toContain('SECURITIZE_WEBHOOK_PUBLIC_KEY');
  });
});
