import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config';
import {
  wantsDevAppBackend,
  wantsDevRedis,
  wantsDevSimulator,
  withDevDefaults,
} from '../../src/dev/defaults';
import {
  appBackendOptions,
  appBackendPort,
  devPolicyFile,
  EXAMPLE_POLICY_FILE,
  startDevAppBackend,
} from '../../src/dev/app-backend';
import { listenOn } from '../../src/process/listen';
import { unknownVariableWarnings } from '../../src/process/unknown-variables';

const simulator = {
  apiUrl: 'http://127.0.0.1:4000',
  loginUrl: 'http://localhost:4000',
  clientId: 'abc-1',
  secret: 's',
};
const redisUrl = 'unix:///tmp/dev/redis.sock';
const appBackend = { url: 'http://127.0.0.1:4100', policyFile: EXAMPLE_POLICY_FILE };

describe('development defaults', () => {
  it('with no configuration at all, wires the simulator, a private Redis, a random secret and key', () => {
    expect(wantsDevSimulator({})).toBe(true);
    expect(wantsDevRedis({})).toBe(true);
    const { env, warnings } = withDevDefaults({}, { simulator, redisUrl });
    const config = loadConfig(env);
    expect(config.securitize).toMatchObject({ clientId: 'abc-1', apiUrl: simulator.apiUrl });
    expect(config.redis.topology).toEqual({ mode: 'standalone', url: redisUrl });
    expect(config.session.secrets[0]!.length).toBeGreaterThanOrEqual(32);
    expect(config.tokenEncryptionKeys).toHaveLength(1);
    expect(warnings.join('\n')).toMatch(/throwaway redis-server/);
    expect(warnings.join('\n')).not.toContain(config.session.secrets[0]!);
  });

  it('never applies in production, which must be configured explicitly', () => {
    expect(wantsDevSimulator({ NODE_ENV: 'production' })).toBe(false);
    expect(wantsDevRedis({ NODE_ENV: 'production' })).toBe(false);
    expect(wantsDevAppBackend({ NODE_ENV: 'production' })).toBe(false);
    const { env, warnings } = withDevDefaults(
      { NODE_ENV: 'production' },
      { simulator, redisUrl, appBackend },
    );
    expect(env).toEqual({ NODE_ENV: 'production' });
    expect(warnings).toEqual([]);
    expect(() => loadConfig(env)).toThrow(/REDIS_URL/);
  });

  it('keeps what is configured', () => {
    expect(wantsDevSimulator({ SECURITIZE_CLIENT_ID: 'real' })).toBe(false);
    expect(wantsDevRedis({ REDIS_URL: 'redis://x:6379' })).toBe(false);
    expect(wantsDevAppBackend({ POLICY_FILE: '/etc/bff/policy.yaml' })).toBe(false);
    const { env } = withDevDefaults({ POLICY_FILE: '/etc/bff/policy.yaml' }, { appBackend });
    expect(env.POLICY_FILE).toBe('/etc/bff/policy.yaml');
  });

  it('with no POLICY_FILE, routes /app-api/offerings to the example backend, and says so', () => {
    expect(wantsDevAppBackend({})).toBe(true);
    // Test servers bring their own backends (and many run at once): no fixed port for them.
    expect(wantsDevAppBackend({ NODE_ENV: 'test' })).toBe(false);
    const { env, warnings } = withDevDefaults({}, { simulator, redisUrl, appBackend });
    expect(env.POLICY_FILE).toBe(EXAMPLE_POLICY_FILE);
    expect(warnings).toContain(
      `No POLICY_FILE set: the example app backend serves /app-api/offerings (verified investors only) from http://127.0.0.1:4100, with ${EXAMPLE_POLICY_FILE}.`,
    );
    const config = loadConfig(env);
    expect(config.policy.apis).toEqual([
      expect.objectContaining({
        prefix: '/app-api/offerings',
        upstream: 'http://127.0.0.1:4100/offerings',
        methods: ['GET', 'HEAD'],
        requirements: { verified: true },
      }),
    ]);
  });

  it('when the example backend cannot run (a build without the sources), says so and sets no POLICY_FILE', () => {
    const { env, warnings } = withDevDefaults({}, { appBackend: { unavailable: 'No example backend.' } });
    expect(env.POLICY_FILE).toBeUndefined();
    expect(warnings).toContain('No example backend.');
  });

  it('APP_BACKEND_PORT is a known development variable', () => {
    expect(unknownVariableWarnings({ APP_BACKEND_PORT: '4200' })).toEqual([]);
    expect(unknownVariableWarnings({ APP_BACKEND_PROT: '4200' })).toEqual([
      'Unknown variable APP_BACKEND_PROT is ignored (did you mean APP_BACKEND_PORT?).',
    ]);
  });
});

describe('the development app backend', () => {
  it('checks assertions against PUBLIC_URL (keys, issuer) and the audience loadConfig uses', () => {
    expect(appBackendOptions({})).toEqual({
      jwksUrl: 'http://localhost:3000/.well-known/jwks.json',
      issuer: 'http://localhost:3000',
      audience: 'http://localhost:3000',
    });
    expect(appBackendOptions({ PORT: '3100' }).issuer).toBe('http://localhost:3100');
    const urls = { PUBLIC_URL: 'http://bff.localhost:3000/', APP_URL: 'http://app.localhost:5173/' };
    expect(appBackendOptions(urls)).toEqual({
      jwksUrl: 'http://bff.localhost:3000/.well-known/jwks.json',
      issuer: 'http://bff.localhost:3000',
      audience: 'http://app.localhost:5173',
    });
    expect(appBackendOptions({ ...urls, ASSERTION_AUDIENCE: 'offerings-api' }).audience).toBe(
      'offerings-api',
    );
    // The same values loadConfig works out for the assertions it signs.
    const config = loadConfig({
      ...withDevDefaults(urls, { simulator, redisUrl }).env,
    });
    expect(config.publicUrl).toBe(appBackendOptions(urls).issuer);
    expect(config.assertion.audience).toBe(appBackendOptions(urls).audience);
  });

  it('listens on 4100 unless APP_BACKEND_PORT says otherwise', () => {
    expect(appBackendPort({})).toBe(4100);
    expect(appBackendPort({ APP_BACKEND_PORT: '0' })).toBe(0);
    expect(appBackendPort({ APP_BACKEND_PORT: '4200' })).toBe(4200);
    for (const bad of ['abc', '-1', '70000', '4100x'])
      expect(() => appBackendPort({ APP_BACKEND_PORT: bad })).toThrow(
        /^APP_BACKEND_PORT: must be a port number/,
      );
  });

  it('uses the example policy file on 4100, and a copy naming the port on any other', () => {
    expect(devPolicyFile(4100).file).toBe(EXAMPLE_POLICY_FILE);
    const copy = devPolicyFile(4321);
    try {
      expect(copy.file).not.toBe(EXAMPLE_POLICY_FILE);
      expect(readFileSync(copy.file, 'utf8')).toBe(
        readFileSync(EXAMPLE_POLICY_FILE, 'utf8').replace('127.0.0.1:4100/', '127.0.0.1:4321/'),
      );
      const config = loadConfig(
        withDevDefaults({}, { simulator, redisUrl, appBackend: { url: 'x', policyFile: copy.file } }).env,
      );
      expect(config.policy.apis[0]!.upstream).toBe('http://127.0.0.1:4321/offerings');
    } finally {
      copy.remove();
    }
    expect(existsSync(copy.file)).toBe(false);
  });

  it('starts the example backend with its policy file, and stops it (removing a generated file)', async () => {
    const backend = await startDevAppBackend({ APP_BACKEND_PORT: '0' }, listenOn);
    if (!('stop' in backend)) throw new Error(backend.unavailable);
    const port = Number(new URL(backend.url).port);
    expect(readFileSync(backend.policyFile, 'utf8')).toContain(
      `upstream: http://127.0.0.1:${port}/offerings`,
    );
    // It trusts nothing but an assertion.
    const res = await fetch(`${backend.url}/offerings`);
    expect([res.status, await res.json()]).toEqual([401, { error: 'assertion_required' }]);
    await backend.stop();
    await expect(fetch(`${backend.url}/offerings`)).rejects.toThrow();
    expect(existsSync(backend.policyFile)).toBe(false);
  });

  it('a taken port is a start-up error that names APP_BACKEND_PORT', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as AddressInfo).port;
    try {
      const started = startDevAppBackend({ APP_BACKEND_PORT: String(port) }, listenOn);
      await expect(started).rejects.toThrow(
        `port ${port} is already in use: stop what uses it, or set APP_BACKEND_PORT to another port`,
      );
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});
