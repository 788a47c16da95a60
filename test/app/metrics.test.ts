import { SEEDED } from '../../src/simulator';
import { Harness, startHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const metric = (text: string, line: string) => {
  const found = text.split('\n').find((l) => l.startsWith(line));
  return found === undefined ? undefined : Number(found.slice(line.length).trim());
};

describe('/metrics (Prometheus)', () => {
  it('counts logins, exchanges, refreshes, upstream latency and sessions created and ended', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    await h.get('/callback?state=nope');
    h.sim.control.expireAccessTokens();
    expect((await h.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(200);
    expect((await h.post('/logout', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(204);

    const res = await h.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(metric(text, 'bff_logins_total{outcome="success"}')).toBe(1);
    expect(metric(text, 'bff_logins_total{outcome="invalid_state"}')).toBe(1);
    expect(metric(text, 'bff_code_exchanges_total{outcome="success"}')).toBe(1);
    expect(metric(text, 'bff_token_refreshes_total{outcome="success"}')).toBe(1);
    expect(metric(text, 'bff_sessions_created_total')).toBe(1);
    expect(metric(text, 'bff_sessions_ended_total{reason="logout"}')).toBe(1);
    expect(
      metric(text, 'bff_upstream_request_duration_seconds_count{endpoint="investor",status="401"}'),
    ).toBe(1);
    expect(
      metric(text, 'bff_upstream_request_duration_seconds_count{endpoint="investor",status="200"}'),
    ).toBe(1);
    expect(
      metric(text, 'bff_upstream_request_duration_seconds_count{endpoint="oauth2.refresh",status="200"}'),
    ).toBe(1);
    expect(text).toContain('bff_refresh_lock_wait_seconds_bucket');
    // Labels are closed sets: never an id, a token or a path with parameters.
    expect(text).not.toContain(SEEDED.verified);
  });

  it('counts requests that failed on Redis', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    await h.redisChild.kill();
    expect((await h.get('/api/me', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(503);
    const text = (await h.get('/metrics')).text;
    expect(metric(text, 'bff_redis_errors_total{op="session_load"}')).toBeGreaterThanOrEqual(1);
    await h.redisChild.restart();
  });
});

describe('/metrics in production', () => {
  it('is never on the public port without METRICS_PORT (development keeps it there)', async () => {
    const prod = await startHarness({
      redis: h.redisChild,
      shareSimulatorOf: h,
      env: { NODE_ENV: 'production', PUBLIC_URL: 'https://bff.test', TRUST_PROXY: '1' },
    });
    try {
      const res = await prod.get('/metrics', { 'X-Forwarded-Proto': 'https' });
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('bff_');
      expect((await h.get('/metrics')).status).toBe(200);
    } finally {
      await prod.close();
    }
  });
});
