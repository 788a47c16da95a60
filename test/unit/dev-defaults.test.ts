import { loadConfig } from '../../src/config';
import { wantsDevSimulator, withDevDefaults } from '../../src/dev-defaults';

const sim = {
  apiUrl: 'http://127.0.0.1:4000',
  loginUrl: 'http://localhost:4000',
  clientId: 'abc-1',
  secret: 'sim-secret',
};

describe('development defaults', () => {
  it('with no configuration at all, wires the simulator, a random session secret and warns about memory sessions', () => {
    expect(wantsDevSimulator({})).toBe(true);
    const { env, warnings } = withDevDefaults({}, sim);
    const config = loadConfig(env);
    expect(config.securitize).toMatchObject({
      clientId: 'abc-1',
      apiUrl: sim.apiUrl,
      loginUrl: sim.loginUrl,
    });
    expect(config.session.secrets[0]!.length).toBeGreaterThanOrEqual(32);
    expect(config.redis.url).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/MEMORY/);
    expect(warnings.join('\n')).not.toContain(config.session.secrets[0]!);
  });

  it('never applies in production, which must be configured explicitly', () => {
    expect(wantsDevSimulator({ NODE_ENV: 'production' })).toBe(false);
    const { env, warnings } = withDevDefaults({ NODE_ENV: 'production' }, sim);
    expect(env).toEqual({ NODE_ENV: 'production' });
    expect(warnings).toEqual([]);
    expect(() => loadConfig(env)).toThrow(/REDIS_URL/);
  });

  it('does not start the simulator when a client id is configured', () => {
    expect(wantsDevSimulator({ SECURITIZE_CLIENT_ID: 'real' })).toBe(false);
  });
});
