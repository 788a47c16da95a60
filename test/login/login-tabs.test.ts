import { SEEDED } from '../../src/simulator';
import { parseSetCookies } from '../helpers/cookies';
import { approveAt, Harness, startHarness, stateOf, storedSession, txKeyOf } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.clearCalls());
afterAll(() => expect(h.sim.control.stats().refreshTokenReuse).toBe(0));

const exchanges = () => h.sim.control.calls().filter((c) => c.path.endsWith('/oauth2/authorize')).length;

/** One browser: the transaction cookie it holds (the session cookie is not sent on the cross-site return). */
function browser() {
  let tx: string | undefined;
  return {
    get tx() {
      return tx;
    },
    /** A tab opens /login; `site` is what the browser's Sec-Fetch-Site says of the navigation. */
    async startLogin(site: 'same-origin' | 'cross-site' | 'none' = 'same-origin', returnTo = '/') {
      const headers: Record<string, string> = { 'Sec-Fetch-Site': site };
      if (tx) headers.Cookie = tx;
      const res = await h.get(`/login?returnTo=${encodeURIComponent(returnTo)}`, headers);
      expect(res.status).toBe(302);
      const set = parseSetCookies(res.headers['set-cookie']).find((c) => c.name === 'tx')!;
      tx = `tx=${set.value}`;
      return { location: res.headers.location as string, state: stateOf(res.headers.location) };
    },
    /** Securitize sends this tab back: the callback with the browser's cookies as they are now. */
    async finish(callbackPath: string) {
      const res = await h.get(callbackPath, tx ? { Cookie: tx } : {});
      const cleared = parseSetCookies(res.headers['set-cookie']).find((c) => c.name === 'tx');
      if (cleared && cleared.value === '') tx = undefined;
      const sid = parseSetCookies(res.headers['set-cookie']).find((c) => c.name === 'sid');
      return { status: res.status, location: res.headers.location as string, cleared: !!cleared, sid };
    },
  };
}

const permutations = <T>(xs: T[]): T[][] =>
  xs.length <= 1
    ? [xs]
    : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));

describe('several logins in flight in one browser', () => {
  it.each(
    permutations([0, 1])
      .concat(permutations([0, 1, 2]))
      .map((order) => [order.join(' then ')]),
  )('tabs finishing in the order %s all land on the app logged in', async (orderText) => {
    const order = orderText.split(' then ').map(Number);
    const b = browser();
    const investors = [SEEDED.verified, SEEDED.entity, SEEDED.processing];
    const tabs = [];
    for (const i of order.slice().sort()) tabs[i] = await b.startLogin('same-origin', `/tab/${i}`);
    const txKey = txKeyOf(b.tx!.split('=')[1]!);
    expect(await h.redisChild.admin.hlen(txKey)).toBe(order.length);
    for (const [n, i] of order.entries()) {
      const { callbackPath } = await approveAt(h.simUrl, tabs[i]!.location, investors[i]!);
      const done = await b.finish(callbackPath);
      expect(done).toMatchObject({ status: 303, location: `http://app.test/tab/${i}` });
      // The transaction cookie is never cleared by a callback: another tab may have just started a login.
      expect(done.cleared).toBe(false);
      expect(n).toBeLessThan(order.length);
      const session = await storedSession(h.redis, `sid=${done.sid!.value}`);
      expect(session?.investorId).toBe(investors[i]);
    }
    expect(await h.redisChild.admin.exists(txKey)).toBe(0);
    expect(exchanges()).toBe(order.length);
  });

  it('a tab finishing after another tab logged in, for the same investor, lands logged in too', async () => {
    const b = browser();
    const first = await b.startLogin();
    const second = await b.startLogin();
    const a = await approveAt(h.simUrl, first.location, SEEDED.verified);
    const c = await approveAt(h.simUrl, second.location, SEEDED.verified);
    expect((await b.finish(c.callbackPath)).location).toBe('http://app.test/');
    const late = await b.finish(a.callbackPath);
    expect(late.location).toBe('http://app.test/');
    expect(late.sid).toBeDefined();
  });
});

describe('a bounded number of logins per browser, and no cross-site push-out', () => {
  it('keeps five logins started from the app; a sixth pushes out the oldest', async () => {
    const b = browser();
    const tabs = [];
    for (let i = 0; i < 6; i++) tabs.push(await b.startLogin());
    expect(await h.redisChild.admin.hlen(txKeyOf(b.tx!.split('=')[1]!))).toBe(5);
    const oldest = await approveAt(h.simUrl, tabs[0]!.location, SEEDED.verified);
    expect((await b.finish(oldest.callbackPath)).location).toBe('http://app.test/?error=invalid_state');
    const newest = await approveAt(h.simUrl, tabs[5]!.location, SEEDED.verified);
    expect((await b.finish(newest.callbackPath)).location).toBe('http://app.test/');
  });

  it('ten navigations to /login from another site never push out a login started from the app', async () => {
    const b = browser();
    const genuine = await b.startLogin('same-origin');
    for (let i = 0; i < 10; i++) await b.startLogin('cross-site');
    const key = txKeyOf(b.tx!.split('=')[1]!);
    expect(await h.redisChild.admin.hlen(key)).toBe(1 + 3);
    const { callbackPath } = await approveAt(h.simUrl, genuine.location, SEEDED.verified);
    expect((await b.finish(callbackPath)).location).toBe('http://app.test/');
  });

  it('a login started from another site survives the next two cross-site navigations (not a third)', async () => {
    const b = browser();
    const fromLink = await b.startLogin('cross-site');
    await b.startLogin('cross-site');
    await b.startLogin('cross-site');
    const kept = await approveAt(h.simUrl, fromLink.location, SEEDED.verified);
    expect((await b.finish(kept.callbackPath)).location).toBe('http://app.test/');

    const again = await b.startLogin('cross-site');
    for (let i = 0; i < 3; i++) await b.startLogin('cross-site');
    const pushed = await approveAt(h.simUrl, again.location, SEEDED.verified);
    expect((await b.finish(pushed.callbackPath)).location).toBe('http://app.test/?error=invalid_state');
  });
});

describe('pages elsewhere: sibling subdomains, and the login rate limit', () => {
  it('same-site navigations from a page that is neither the app nor the BFF cannot push out a login in flight', async () => {
    const b = browser();
    const genuine = await b.startLogin('same-origin');
    for (let i = 0; i < 6; i++) {
      const res = await h.get('/login', {
        'Sec-Fetch-Site': 'same-site',
        Referer: 'https://evil.bff.test/x',
        Cookie: b.tx!,
      });
      expect(res.status).toBe(302);
    }
    const { callbackPath } = await approveAt(h.simUrl, genuine.location, SEEDED.verified);
    expect((await b.finish(callbackPath)).location).toBe('http://app.test/');
  });

  it('same-site navigations from the app itself count as the app’s own logins', async () => {
    const b = browser();
    await b.startLogin('same-origin');
    const res = await h.get('/login', {
      'Sec-Fetch-Site': 'same-site',
      Referer: 'http://app.test/page',
      Cookie: b.tx!,
    });
    const stored = Object.values(await h.redisChild.admin.hgetall(txKeyOf(b.tx!.split('=')[1]!))).map((v) =>
      JSON.parse(v),
    );
    expect(res.status).toBe(302);
    expect(stored.map((t) => t.crossSite)).toEqual([false, false]);
  });

  it('another site sending the browser to /login past the limit does not lock the investor out', async () => {
    const limited = await startHarness({
      redis: h.redisChild,
      shareSimulatorOf: h,
      env: { RATE_LIMIT_LOGIN: '3', TRUST_PROXY: '1' },
    });
    try {
      const ip = { 'X-Forwarded-For': '198.51.100.88' };
      const fromElsewhere = [];
      for (let i = 0; i < 5; i++)
        fromElsewhere.push((await limited.get('/login', { ...ip, 'Sec-Fetch-Site': 'cross-site' })).status);
      expect(fromElsewhere).toEqual([302, 302, 302, 429, 429]);
      expect((await limited.get('/login', { ...ip, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(302);
    } finally {
      await limited.close();
    }
  });
});

describe('a tab that starts a login while another tab finishes the last one', () => {
  it('keeps its login: the finishing callback does not clear the shared transaction cookie', async () => {
    const b = browser();
    const first = await b.startLogin();
    const { callbackPath } = await approveAt(h.simUrl, first.location, SEEDED.verified);
    h.sim.control.injectFault({ match: { path: /oauth2\/authorize$/ }, kind: 'delay', ms: 400, times: 1 });
    const finishing = b.finish(callbackPath);
    await new Promise((r) => setTimeout(r, 100));
    const second = await b.startLogin();
    expect((await finishing).location).toBe('http://app.test/');
    const late = await approveAt(h.simUrl, second.location, SEEDED.verified);
    expect((await b.finish(late.callbackPath)).location).toBe('http://app.test/');
  });
});

describe('no cross-site abort', () => {
  it('junk callbacks in the investor’s browser consume nothing, keep the cookie, and the real login finishes', async () => {
    const b = browser();
    const genuine = await b.startLogin();
    const key = txKeyOf(b.tx!.split('=')[1]!);
    for (const junk of [
      '/callback?state=junk&code=junk',
      `/callback/${'A'.repeat(43)}?code=junk`,
      `/callback/${genuine.state.slice(0, 42)}B?code=junk`,
      '/callback',
    ]) {
      const res = await b.finish(junk);
      expect(res).toMatchObject({
        status: 303,
        location: 'http://app.test/?error=invalid_state',
        cleared: false,
      });
    }
    expect(await h.redisChild.admin.hlen(key)).toBe(1);
    expect(exchanges()).toBe(0);
    const { callbackPath } = await approveAt(h.simUrl, genuine.location, SEEDED.verified);
    const done = await b.finish(callbackPath);
    expect(done.location).toBe('http://app.test/');
    expect(exchanges()).toBe(1);
  });

  it('junk callbacks past the rate limit are refused, but the genuine callback is never counted or refused', async () => {
    const limited = await startHarness({
      redis: h.redisChild,
      shareSimulatorOf: h,
      env: { RATE_LIMIT_LOGIN: '4', TRUST_PROXY: '1' },
    });
    try {
      const ip = { 'X-Forwarded-For': '198.51.100.77' };
      const login = await limited.get('/login', ip);
      const tx = `tx=${parseSetCookies(login.headers['set-cookie'])[0]!.value}`;
      const answers = [];
      for (let i = 0; i < 6; i++)
        answers.push(
          (await limited.get('/callback?state=junk&code=junk', { ...ip, Cookie: tx })).headers.location,
        );
      expect(answers.slice(0, 4)).toEqual(Array(4).fill('http://app.test/?error=invalid_state'));
      expect(answers.slice(4)).toEqual(Array(2).fill('http://app.test/?error=rate_limited'));
      const { callbackPath } = await approveAt(h.simUrl, login.headers.location, SEEDED.verified);
      const done = await limited.get(callbackPath, { ...ip, Cookie: tx });
      expect(done.headers.location).toBe('http://app.test/');
    } finally {
      await limited.close();
    }
  });

  it('a navigation to /login from another site leaves the login in flight able to finish', async () => {
    const b = browser();
    const genuine = await b.startLogin('none');
    await b.startLogin('cross-site');
    const { callbackPath } = await approveAt(h.simUrl, genuine.location, SEEDED.verified);
    expect((await b.finish(callbackPath)).location).toBe('http://app.test/');
  });
});
