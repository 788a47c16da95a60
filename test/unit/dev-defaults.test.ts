import { loadConfig } from '../../src/config';
import { wantsDevRedis, wantsDevSimulator, withDevDefaults } from '../../src/process/dev-defaults';

const simulator = {
  apiUrl: 'http://127.0.0.1:4000',
  loginUrl: 'http://localhost:4000',
  clientId: 'abc-1',
  secret: 's',
};
const redisUrl = 'unix:///tmp/dev/redis.sock';

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
    const { env, warnings } = withDevDefaults({ NODE_ENV: 'production' }, { simulator, redisUrl });
    expect(env).toEqual({ NODE_ENV: 'production' });
    expect(warnings).toEqual([]);
    expect(() => loadConfig(env)).toThrow(/REDIS_URL/);
  });

  it('keeps what is configured', () => {
    expect(wantsDevSimulator({ SECURITIZE_CLIENT_ID: 'real' })).toBe(false);
    expect(wantsDevRedis({ REDIS_URL: 'redis://x:6379' })).toBe(false);
  });
});
