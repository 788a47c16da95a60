import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SEEDED } from '../../src/simulator';
import { byTestId } from './app-page';
import { buildWebAppIfStale, launchChromium, screenshot } from './browser';
import { E2eStack, startE2eStack } from './setup';

jest.setTimeout(60_000);

let stack: E2eStack;
let browser: Browser;
let context: BrowserContext;
/** Sec-Fetch-Site of every request the browser sent to the BFF, by path. */
const fetchSite: Array<{ path: string; site: string | undefined }> = [];

/**
 * A page on another site: 127.0.0.2 is neither the app's site (127.0.0.1) nor the simulator's
 * (localhost). It navigates the browser wherever `?to=` says, as any page on the web can.
 */
let evil: Server;
let evilUrl: string;

beforeAll(async () => {
  buildWebAppIfStale();
  stack = await startE2eStack();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  context.setDefaultTimeout(20_000);
  context.on('request', async (req) => {
    if (!req.url().startsWith(stack.appUrl)) return;
    const headers = await req.allHeaders().catch(() => ({}) as Record<string, string>);
    fetchSite.push({ path: new URL(req.url()).pathname, site: headers['sec-fetch-site'] });
  });
  evil = createServer((req, res) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '';
    res.setHeader('Content-Type', 'text/html');
    res.end(
      `<!doctype html><title>another site</title><script>location.assign(${JSON.stringify(to)})</script>`,
    );
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.2', resolve));
  evilUrl = `http://127.0.0.2:${(evil.address() as AddressInfo).port}/`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => evil?.close(r));
  await stack?.close();
});

/** From the app's page to the simulator's login page, where the investor is about to pick. */
async function startLogin(page: Page): Promise<void> {
  await page.goto(`${stack.appUrl}/`);
  await byTestId(page, 'login-button').click();
  await page.waitForURL((url) => url.href.startsWith(`${stack.loginUrl}/#/authorize?`));
  await page.locator(`button[data-investor-id="${SEEDED.verified}"]`).waitFor();
}

async function finishLogin(page: Page): Promise<void> {
  await page.locator(`button[data-investor-id="${SEEDED.verified}"]`).click();
  await page.waitForURL(`${stack.appUrl}/`);
  await byTestId(page, 'investor-name').waitFor();
}

const exchanges = () => stack.sim.control.calls().filter((c) => c.path.endsWith('/oauth2/authorize')).length;

describe('e2e: login journeys in one Chromium browser', () => {
  it('two tabs both start a login and finish in the opposite order: both land on the app logged in', async () => {
    const first = await context.newPage();
    const second = await context.newPage();
    await startLogin(first);
    await startLogin(second);
    await finishLogin(second);
    await finishLogin(first);
    for (const page of [first, second]) {
      expect(page.url()).toBe(`${stack.appUrl}/`);
      expect(await byTestId(page, 'investor-name').textContent()).toBe('Victor Alan Vance');
      expect(await byTestId(page, 'error-message').isHidden()).toBe(true);
    }
    await screenshot(first, 'journeys-01-two-tabs');
    expect(exchanges()).toBe(2);
    // Both logins were in flight in one browser, under its one transaction cookie; both were taken.
    const cookies = await context.cookies(stack.appUrl);
    expect(cookies.filter((c) => c.name === 'tx')).toHaveLength(1);
    expect(await stack.redisChild.admin.keys('txs:*')).toEqual([]);
    await first.close();
    await second.close();
  });

  it('a page on another site navigates the browser to a junk callback and to /login: the login in flight still finishes', async () => {
    await context.clearCookies();
    stack.sim.control.clearCalls();
    const page = await context.newPage();
    await startLogin(page);

    const attacker = await context.newPage();
    const junk = `${stack.appUrl}/callback?state=junk&code=junk`;
    await attacker.goto(`${evilUrl}?to=${encodeURIComponent(junk)}`);
    await attacker.waitForURL(`${stack.appUrl}/`); // the app removes ?error= from the URL after showing it
    expect(await byTestId(attacker, 'error-message').textContent()).toBeTruthy();
    await attacker.goto(`${evilUrl}?to=${encodeURIComponent(`${stack.appUrl}/login`)}`);
    await attacker.waitForURL((url) => url.href.startsWith(`${stack.loginUrl}/#/authorize?`));
    expect(fetchSite.filter((f) => f.path === '/callback' || f.path === '/login').slice(-2)).toEqual([
      { path: '/callback', site: 'cross-site' },
      { path: '/login', site: 'cross-site' },
    ]);

    await finishLogin(page);
    expect(await byTestId(page, 'investor-name').textContent()).toBe('Victor Alan Vance');
    expect(await byTestId(page, 'error-message').isHidden()).toBe(true);
    await screenshot(page, 'journeys-02-after-cross-site-attempts');
    expect(exchanges()).toBe(1);
    expect(stack.sim.control.stats().refreshTokenReuse).toBe(0);
  });
});
