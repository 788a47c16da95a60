import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { createSimulator, DEV_DOMAIN, SEEDED, type DomainApiOptions } from '../../src/simulator';
import { domainOptionsFromEnv } from '../../src/simulator/domain';
import { publicKeyOf } from './domain-helpers';

const pemOf = (type: 'rsa' | 'ec') => {
  const pair =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

describe('domainApi options', () => {
  it('signs with a private key it is given, and keeps its key across reset', async () => {
    const { privatePem, publicPem } = pemOf('ec');
    const sim = createSimulator({ domainApi: { webhookPrivateKey: privatePem } });
    const before = await publicKeyOf(sim);
    sim.control.reset();

    expect(before).toBe(publicPem);
    expect(await publicKeyOf(sim)).toBe(publicPem);
    expect(createPublicKey(await publicKeyOf(createSimulator())).asymmetricKeyType).toBe('rsa');
  });

  it.each<[RegExp, DomainApiOptions]>([
    [/webhookKeyType must be one of rsa, ec/, { webhookKeyType: 'dsa' as 'rsa' }],
    [/signatureEncoding must be one of base64, hex/, { signatureEncoding: 'base32' as 'hex' }],
    [/signatureHeader must be an HTTP header name/, { signatureHeader: 'x signature' }],
    [/webhookPrivateKey must be a PEM private key/, { webhookPrivateKey: 'not a key' }],
    [
      /is rsa, but webhookKeyType says ec/,
      { webhookPrivateKey: pemOf('rsa').privatePem, webhookKeyType: 'ec' },
    ],
    [/domainId must be/, { domainId: '' }],
    [/apiKey must be/, { apiKey: 'with space' }],
    [/deliveryAttempts must be an integer 1 to 10/, { deliveryAttempts: 0 }],
    [/deliveryTimeoutMs must be an integer/, { deliveryTimeoutMs: 1.5 }],
  ])('refuses options that %s', (message, domainApi) => {
    expect(() => createSimulator({ domainApi })).toThrow(message);
  });

  it('reads its settings from the environment under the BFF’s names where the two must agree', () => {
    expect(
      domainOptionsFromEnv({
        SECURITIZE_DOMAIN_API_KEY: 'k:s',
        SIMULATOR_DOMAIN_ID: 'd-1',
        SIMULATOR_WEBHOOK_KEY_TYPE: 'ec',
        SIMULATOR_WEBHOOK_PRIVATE_KEY: 'a\\nb',
        SECURITIZE_WEBHOOK_SIGNATURE_HEADER: 'x-sig',
        SECURITIZE_WEBHOOK_SIGNATURE_ENCODING: 'hex',
        SIMULATOR_PORT: '1',
      }),
    ).toEqual({
      apiKey: 'k:s',
      domainId: 'd-1',
      webhookKeyType: 'ec',
      webhookPrivateKey: 'a\nb',
      signatureHeader: 'x-sig',
      signatureEncoding: 'hex',
    });
    expect(domainOptionsFromEnv({ SIMULATOR_DOMAIN_ID: '' })).toEqual({});
    expect(domainOptionsFromEnv({ SIMULATOR_WEBHOOK_KEY_TYPE: 'dsa' })).toMatch(
      /^SIMULATOR_WEBHOOK_KEY_TYPE/,
    );
    expect(domainOptionsFromEnv({ SECURITIZE_WEBHOOK_SIGNATURE_ENCODING: 'b' })).toMatch(
      /^SECURITIZE_WEBHOOK_SIG/,
    );
  });
});

/** main.ts as `node --import tsx`, the way main.test.ts runs it; resolves with its output once it exits. */
function runMain(env: Record<string, string>, whenListening?: (url: string) => Promise<void>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/main.ts'], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, SIMULATOR_PORT: '0', ...env },
  });
  let output = '';
  const onData = (c: Buffer) => {
    output += c.toString();
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (url && whenListening && !child.killed) {
      const run = whenListening;
      whenListening = undefined;
      void run(url).finally(() => child.kill('SIGTERM'));
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, output }));
}

describe('npm run simulator with the Domain API settings', () => {
  it('serves the domain and key it is given, signs with an EC key, and prints neither the key nor its secret', async () => {
    const answers: number[] = [];
    let keyType: string | undefined;
    const ran = await runMain(
      {
        SECURITIZE_DOMAIN_API_KEY: 'env-key:env-secret-1',
        SIMULATOR_DOMAIN_ID: 'env-domain',
        SIMULATOR_WEBHOOK_KEY_TYPE: 'ec',
      },
      async (url) => {
        const sim = createSimulator({ domainApi: { domainId: 'env-domain' } });
        const path = `/v1/domains/env-domain/investors/${sim.control.externalIdOf(SEEDED.verified)}`;
        for (const auth of ['apiKey env-key:env-secret-1', `apiKey ${DEV_DOMAIN.apiKey}`]) {
          answers.push((await fetch(`${url}${path}`, { headers: { authorization: auth } })).status);
        }
        const signature = await fetch(`${url}/v1/webhooks/settings/signature`, {
          method: 'POST',
          headers: { authorization: 'apiKey env-key:env-secret-1' },
        });
        keyType = createPublicKey(
          ((await signature.json()) as { publicKey: string }).publicKey,
        ).asymmetricKeyType;
      },
    );

    expect(ran.code).toBe(0);
    expect(answers).toEqual([200, 401]);
    expect(keyType).toBe('ec');
    expect(ran.output).toContain('Domain API for domain env-domain');
    expect(ran.output).not.toContain('env-secret-1');
  });

  it('exits 1 naming the variable when a Domain API setting is wrong', async () => {
    const bad = await runMain({ SIMULATOR_WEBHOOK_KEY_TYPE: 'dsa' });
    const badPem = await runMain({ SIMULATOR_WEBHOOK_PRIVATE_KEY: 'nope' });

    expect(bad).toEqual({
      code: 1,
      output: 'simulator: SIMULATOR_WEBHOOK_KEY_TYPE must be one of rsa, ec\n',
    });
    expect(badPem.code).toBe(1);
    expect(badPem.output).toContain('webhookPrivateKey must be a PEM private key');
  });
});
