import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SEEDED } from '../../src/simulator';
import { byTestId, logIn, waitForCount } from './app-page';
import { launchChromium, screenshot } from './browser';
import { allPortsFree, FrontDoor, httpsGet, nginxPrefix, openFrontDoor, Opened, rawGet } from './front-door';

// `npm run front-door` (nginx in front, the BFF in development behind it) in a real Chromium that
// trusts the front door's local CA by its key hash, as a team would see its production set-up.
jest.setTimeout(60_000);

let certs: Opened['certs'];
let door: FrontDoor;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let opened: Opened | undefined;

beforeAll(async () => {
  opened = await openFrontDoor('nginx');
  ({ certs, door, browser, context, page } = opened);
}, 180_000);

afterAll(() => opened?.close());

describe('e2e: the front door (nginx, https, one origin) in Chromium', () => {
  it('plain http is redirected to the https origin, path and query kept', async () => {
    expect(await rawGet(`${door.httpUrl}/api/me?x=1`)).toEqual({
      status: 301,
      location: `${door.url}/api/me?x=1`,
    });
    await page.goto(`${door.httpUrl}/`);
    expect(page.url()).toBe(`${door.url}/`);
    await byTestId(page, 'login-button').waitFor();
  });

  it('a login through the simulator lands on the demo with the investor and their data', async () => {
    const offerings = page.waitForResponse((res) => res.url() === `${door.url}/app-api/offerings`);
    await logIn(page, { appUrl: door.url, loginUrl: door.loginUrl }, SEEDED.verified);
    expect(page.url()).toBe(`${door.url}/`);
    expect((await byTestId(page, 'investor-name').textContent())?.trim()).not.toBe('');
    await byTestId(page, 'profile').waitFor();
    // The app-API proxy: the demo's Offerings card, served by the example backend for this investor.
    const answer = await offerings;
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toMatchObject({ investor: SEEDED.verified, verified: true });
    await waitForCount(page, 'offering', 3);
    await screenshot(page, 'front-door-01-logged-in');
  });

  it('the cookies are __Host- and Secure (the BFF sees https through the proxy)', async () => {
    const cookies = await context.cookies(door.url);
    expect(cookies.map((c) => c.name)).toContain('__Host-sid');
    for (const c of cookies) {
      expect(c.name.startsWith('__Host-')).toBe(true);
      expect([c.secure, c.path, c.domain]).toEqual([true, '/', 'localhost']);
      expect(c.httpOnly).toBe(true);
    }
  });

  it('the app route behind forward-auth shows the investor, from the example backend', async () => {
    const res = await page.goto(`${door.url}/backend/whoami`);
    expect(res?.status()).toBe(200);
    const body = JSON.parse((await page.locator('body').textContent()) ?? '') as {
      investor: string;
      claims: { iss: string; aud: string; verified: boolean };
    };
    expect(body.investor).toBe(SEEDED.verified);
    expect(body.claims).toMatchObject({ iss: door.url, aud: door.url, verified: true });
  });

  it('a proxied app-API call from the page, and the same routes refused without a session', async () => {
    await page.goto(`${door.url}/`);
    await byTestId(page, 'investor-name').waitFor();
    const fromPage = await page.evaluate(async () => {
      const res = await fetch('/app-api/offerings', { headers: { 'X-CSRF': '1' } });
      return { status: res.status, body: (await res.json()) as { offerings: unknown[] } };
    });
    expect([fromPage.status, fromPage.body.offerings.length]).toEqual([200, 3]);

    const stranger = await browser.newContext();
    const other = await stranger.newPage();
    const refused = await other.goto(`${door.url}/backend/whoami`);
    expect([refused?.status(), refused?.headers()['x-auth-reason']]).toEqual([401, 'login_required']);
    await stranger.close();
  });

  it('a browser that does not trust the local CA is refused the page', async () => {
    const untrusting = await launchChromium();
    try {
      const p = await (await untrusting.newContext()).newPage();
      await expect(p.goto(`${door.url}/`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await untrusting.close();
    }
  });

  it('the access log never holds a webhook token or a callback code', async () => {
    const log = path.join(nginxPrefix(door.pids.nginx!), 'access.log');
    // Whatever the BFF answers (404 here: no webhook route in this set-up), nginx logs or skips.
    await httpsGet(`${door.url}/webhooks/securitize/whk-token-1234567890`, certs.caFile);
    await httpsGet(`${door.url}/callback/some-state?code=code-abcdef123456`, certs.caFile);
    expect(await httpsGet(`${door.url}/healthz?probe=1`, certs.caFile)).toBe(200);
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('"GET /healthz"');
    expect(text).toContain('"GET /callback/:state"');
    expect(text).not.toMatch(/whk-token|webhooks|code-abcdef|some-state|probe=1/);
  });

  it('SIGTERM stops everything it started: exit 0, every port free again', async () => {
    await browser.close();
    expect(await door.stop()).toBe(0);
    expect(await allPortsFree(door)).toBe(true);
    expect(door.output()).not.toMatch(/stopping the rest/);
  });
});
