import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SEEDED } from '../../src/simulator';
import { TOKENS } from '../../src/simulator/fixtures';
import { storedSession } from '../helpers/harness';
import { byTestId, countOf, logIn, screenshotViewport, waitForCount } from './app-page';
import { buildWebAppIfStale, launchChromium, screenshot } from './browser';
import { createRecorder } from './recorder';
import { E2eStack, startE2eStack } from './setup';

// One story in order: each test continues in the browser the previous one left behind.
jest.setTimeout(60_000);

/** Every code docs/api.md's error table lists for /login and /callback: each has its own explanation. */
const LOGIN_ERROR_CODES = [
  'invalid_request',
  'invalid_state',
  'login_cancelled',
  'login_failed',
  'securitize_unavailable',
  'session_store_unavailable',
  'insecure_transport',
  'rate_limited',
];

let stack: E2eStack;
let browser: Browser;
let first: BrowserContext;
let page: Page;
let recorder: ReturnType<typeof createRecorder>;

async function newBrowserPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // Well inside jest's limit, so a stuck wait fails with Playwright's message rather than a bare timeout.
  context.setDefaultTimeout(20_000);
  recorder.watch(context);
  return { context, page: await context.newPage() };
}

async function sessionCookie(context: BrowserContext) {
  const cookies = await context.cookies(stack.appUrl);
  return cookies.find((c) => c.name === stack.config.session.cookieName);
}

beforeAll(async () => {
  buildWebAppIfStale();
  stack = await startE2eStack();
  recorder = createRecorder(stack.appUrl);
  browser = await launchChromium();
  ({ context: first, page } = await newBrowserPage());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('e2e: the demo web app in headless Chromium, through a real Securitize iD login', () => {
  it('logged out: the page offers "Log in with Securitize iD" and shows no error', async () => {
    await page.goto(`${stack.appUrl}/`);
    await byTestId(page, 'login-button').waitFor();
    expect(await byTestId(page, 'login-button').getAttribute('href')).toBe('/login?returnTo=/');
    expect(await byTestId(page, 'error-message').isHidden()).toBe(true);
    expect(await byTestId(page, 'logged-in').isHidden()).toBe(true);
    await screenshot(page, '01-logged-out');
  });

  it('a ?error= code is explained in plain words, then removed from the URL', async () => {
    await page.goto(`${stack.appUrl}/?error=login_cancelled`);
    await byTestId(page, 'error-message').waitFor();
    expect(await byTestId(page, 'error-message').textContent()).toContain('You cancelled the login');
    expect(page.url()).toBe(`${stack.appUrl}/`);
    await screenshot(page, '02-login-error');

    const fallback = 'The login did not complete. Please try again.';
    const messages = new Set<string>();
    for (const code of LOGIN_ERROR_CODES) {
      await page.goto(`${stack.appUrl}/?error=${code}`);
      await byTestId(page, 'error-message').waitFor();
      messages.add((await byTestId(page, 'error-message').textContent())!);
    }
    expect(messages.size).toBe(LOGIN_ERROR_CODES.length);
    expect(messages.has(fallback)).toBe(false);
    // A store that has never been reachable is not "briefly" down; a login may take an hour now.
    expect([...messages].join(' ')).not.toMatch(/briefly|5 minutes/);

    // An unknown code (here with markup in it) gets the neutral text, and nothing of it is rendered.
    await page.goto(`${stack.appUrl}/?error=${encodeURIComponent('<img src=x id=injected>')}`);
    await byTestId(page, 'error-message').waitFor();
    expect(await byTestId(page, 'error-message').textContent()).toBe(fallback);
    expect(await page.locator('#injected').count()).toBe(0);
    expect(page.url()).toBe(`${stack.appUrl}/`);
  });

  it('the investor picks "Log in as" on Securitize iD and lands on the app: name, verified badge, documents, wallets, one current session', async () => {
    await logIn(page, stack, SEEDED.verified, '03-simulator-login');
    expect(await byTestId(page, 'investor-name').textContent()).toBe('Victor Alan Vance');
    const badge = byTestId(page, 'status-badge');
    expect(await badge.textContent()).toBe('Verified');
    expect(await badge.getAttribute('data-verified')).toBe('true');
    expect(await byTestId(page, 'status-explanation').textContent()).toContain('Your identity is verified');
    await waitForCount(page, 'document', 2);
    await waitForCount(page, 'wallet', 2);
    await waitForCount(page, 'session', 1);
    expect(await page.locator('[data-testid="session"][data-current="true"]').count()).toBe(1);
    expect(await byTestId(page, 'current-session').textContent()).toBe('This browser');
    expect(await byTestId(page, 'session-timer').textContent()).toMatch(/^Session ends in \d+:\d\d$/);
    expect(await byTestId(page, 'error-message').isHidden()).toBe(true);
    expect(recorder.callbackUrl()).toMatch(/\/callback\/[A-Za-z0-9_-]{43}\?code=/);
    await screenshot(page, '04-investor');
  });

  it('page JavaScript sees no token: no readable cookie, empty storage, no token in any response or in the page', async () => {
    const cookie = await sessionCookie(first);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const stored = await storedSession(stack.redisChild.admin, `${cookie!.name}=${cookie!.value}`);
    const tokens = [stored!.accessToken, stored!.refreshToken];
    expect(tokens.every((t) => typeof t === 'string' && t.length > 10)).toBe(true);

    const seen = await page.evaluate(() => ({
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      html: document.documentElement.outerHTML,
      urls: performance.getEntries().map((e) => e.name),
    }));
    expect(seen).toMatchObject({ cookie: '', local: 0, session: 0 });
    const received = await recorder.bodies();
    expect(received.length).toBeGreaterThan(5);
    for (const text of [...received, seen.html, ...seen.urls]) {
      expect(text).not.toMatch(/accessToken|refreshToken/);
      for (const token of tokens) expect(text).not.toContain(token);
    }
  });

  it('"View" asks for a fresh pre-signed URL and opens it in a new tab without an opener', async () => {
    const [tab] = await Promise.all([
      first.waitForEvent('page'),
      byTestId(page, 'view-document').first().click(),
    ]);
    await tab.waitForLoadState();
    expect(tab.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/[^/]+$/);
    expect(await tab.evaluate(() => window.opener)).toBeNull();
    await screenshotViewport(tab, '05-document-tab');
    await tab.close();
    expect(await byTestId(page, 'documents-message').isHidden()).toBe(true);
  });

  it('"Add wallet" explains invalid input, adds a pending wallet, and explains a duplicate', async () => {
    await byTestId(page, 'add-wallet').click();
    expect(await byTestId(page, 'wallet-address-error').textContent()).toBe('Enter the wallet address.');
    // The name is optional (Securitize does not say the label is required).
    expect(await byTestId(page, 'wallet-name-error').isHidden()).toBe(true);

    await page.fill('#wallet-address', 'not a wallet!');
    await page.fill('#wallet-tokenId', TOKENS.equity);
    await page.fill('#wallet-name', 'E2E wallet');
    await byTestId(page, 'add-wallet').click();
    expect(await byTestId(page, 'wallet-address-error').textContent()).toContain('letters, digits');
    expect(await byTestId(page, 'wallet-tokenId-error').isHidden()).toBe(true);
    await screenshot(page, '06-wallet-validation');

    const address = '0x5290c11fa1e2b5a7c0e1b3a5f7d9c2e4b6a89ee7';
    await page.fill('#wallet-address', address);
    await byTestId(page, 'add-wallet').click();
    await waitForCount(page, 'wallet', 3);
    expect(await byTestId(page, 'wallet-form-message').textContent()).toContain('Added “E2E wallet”');
    expect(await page.locator('[data-testid="wallet"]', { hasText: 'E2E wallet' }).textContent()).toContain(
      'Pending',
    );
    await screenshot(page, '07-wallet-added');

    await page.fill('#wallet-address', address);
    await page.fill('#wallet-tokenId', TOKENS.equity);
    await page.fill('#wallet-name', 'Same again');
    await byTestId(page, 'add-wallet').click();
    await page.locator('#wallet-form-message.message-error').waitFor();
    expect(await byTestId(page, 'wallet-form-message').textContent()).toBe(
      'This wallet is already registered for that token.',
    );
    expect(await countOf(page, 'wallet')).toBe(3);
  });

  it('a reload keeps the session', async () => {
    await page.reload();
    await byTestId(page, 'investor-name').waitFor();
    expect(await byTestId(page, 'logged-out').isHidden()).toBe(true);
    await waitForCount(page, 'wallet', 3);
  });

  it('going back to Securitize iD, or replaying the callback URL, is harmless: still logged in, no error, one code exchange', async () => {
    // The redirects (/callback, then /) left no history entry of their own: back is the simulator's page.
    await page.goBack();
    expect(page.url().startsWith(`${stack.loginUrl}/`)).toBe(true);
    await screenshot(page, '08-back-on-simulator');
    await page.goForward();
    await byTestId(page, 'investor-name').waitFor();

    await page.goto(recorder.callbackUrl()!);
    expect(page.url()).toBe(`${stack.appUrl}/`);
    await byTestId(page, 'investor-name').waitFor();
    expect(await byTestId(page, 'error-message').isHidden()).toBe(true);
    expect(stack.sim.control.stats()).toMatchObject({ exchanges: 1, codeReuse: 0 });
    await screenshot(page, '09-callback-replayed');
  });

  it('"Log out other devices" ends a second browser\'s session; its next API call shows the logged-out view with a message', async () => {
    const { context: second, page: other } = await newBrowserPage();
    await logIn(other, stack, SEEDED.verified);
    await waitForCount(other, 'session', 2);
    await screenshot(other, '10-second-browser');

    await page.reload();
    await waitForCount(page, 'session', 2);
    await byTestId(page, 'revoke-others').click();
    await byTestId(page, 'revoke-confirm').click();
    await page.locator('#sessions-message.message-success').waitFor();
    expect(await byTestId(page, 'sessions-message').textContent()).toBe('Logged out 1 other session.');
    await waitForCount(page, 'session', 1);
    await screenshot(page, '11-revoked-others');

    // Any API call of the revoked browser now answers 401: the app switches views and says why.
    await byTestId(other, 'revoke-others').click();
    await byTestId(other, 'revoke-confirm').click();
    await byTestId(other, 'login-button').waitFor();
    expect(await byTestId(other, 'error-message').textContent()).toContain('You have been logged out');
    await screenshot(other, '12-second-browser-revoked');
    await other.reload();
    await byTestId(other, 'login-button').waitFor();
    expect(await countOf(other, 'investor-name')).toBe(0);
    await second.close();
  });

  it('"Log out" ends the session: the view switches, a reload stays logged out, the old cookie gets 401', async () => {
    const cookie = (await sessionCookie(first))!;
    await byTestId(page, 'logout').click();
    await byTestId(page, 'login-button').waitFor();
    expect(await byTestId(page, 'info-message').textContent()).toBe('You have logged out.');
    expect(await sessionCookie(first)).toBeUndefined();
    await screenshot(page, '13-logged-out-after-logout');

    await page.reload();
    await byTestId(page, 'login-button').waitFor();
    expect(await countOf(page, 'investor-name')).toBe(0);
    const res = await fetch(`${stack.appUrl}/api/me`, {
      headers: { Cookie: `${cookie.name}=${cookie.value}`, 'X-CSRF': '1' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'login_required' });
    expect(await storedSession(stack.redisChild.admin, `${cookie.name}=${cookie.value}`)).toBeNull();
  });

  it('an undocumented verification status gets a neutral "Unknown status" badge, never "Verified"', async () => {
    const { context, page: p } = await newBrowserPage();
    await logIn(p, stack, SEEDED.unknownStatus);
    const badge = byTestId(p, 'status-badge');
    expect(await badge.textContent()).toBe('Unknown status');
    expect(await badge.getAttribute('data-verified')).toBe('false');
    expect(await byTestId(p, 'status-explanation').textContent()).toContain(
      'treat the account as not verified',
    );
    await p.getByText('No wallets are registered yet').waitFor();
    await screenshot(p, '14-unknown-status');
    await context.close();
  });

  it('the app pages raised no exception and logged no error (a CSP violation would show here)', () => {
    expect(recorder.problems()).toEqual([]);
  });
});
