import type { Browser } from 'playwright-core';
import { GATEWAY_SEEDED, SEEDED } from '../../src/simulator';
import { TOKENS } from '../../src/simulator/fixtures';
import { CLIENT_ID } from '../helpers/harness';
import {
  byTestId,
  collectErrors,
  fitsWidth,
  logIn,
  logInAgain,
  newWatchedPage,
  openedTab,
  requestsLogged,
  screenshotViewport,
  waitForCount,
} from './app-page';
import { buildWebAppIfStale, launchChromium, screenshot } from './browser';
import { createRecorder } from './recorder';
import { E2eStack, startE2eStack } from './setup';

// What a new user meets in the first hour: country, signers, a confirm step, hints, icon, a phone screen.
jest.setTimeout(90_000);

let stack: E2eStack;
let browser: Browser;
let recorder: ReturnType<typeof createRecorder>;

const newBrowserPage = (viewport?: { width: number; height: number }) =>
  newWatchedPage(browser, recorder, viewport);

beforeAll(async () => {
  buildWebAppIfStale();
  stack = await startE2eStack();
  recorder = createRecorder(stack.appUrl);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('e2e: the demo polished for a first-time user', () => {
  // First, while nobody else is logged in as this investor, so the session counts are exact.
  it('"Log out other devices" asks first: Cancel (or Escape) changes nothing, confirming logs the other one out', async () => {
    const { context: second, page: other } = await newBrowserPage();
    await logIn(other, stack, SEEDED.verified);
    const { context, page } = await newBrowserPage();
    await logIn(page, stack, SEEDED.verified);
    await waitForCount(page, 'session', 2);

    const dialog = byTestId(page, 'revoke-dialog');
    await byTestId(page, 'revoke-others').click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('other browsers and devices');
    await screenshotViewport(page, 'polish-01-revoke-confirm');
    await byTestId(page, 'revoke-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    await byTestId(page, 'revoke-others').click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await byTestId(page, 'sessions-message').isHidden()).toBe(true);
    await other.reload();
    await byTestId(other, 'investor-name').waitFor();
    await page.reload();
    await waitForCount(page, 'session', 2);

    await byTestId(page, 'revoke-others').click();
    await byTestId(page, 'revoke-confirm').click();
    await page.locator('#sessions-message.message-success').waitFor();
    expect(await byTestId(page, 'sessions-message').textContent()).toBe('Logged out 1 other session.');
    await waitForCount(page, 'session', 1);
    await other.reload();
    await byTestId(other, 'login-button').waitFor();
    await second.close();
    await context.close();
  });

  it('no request of a page load answers 404: the favicon is served', async () => {
    const { context, page } = await newBrowserPage();
    const notFound: string[] = [];
    page.on('response', (res) => void (res.status() === 404 && notFound.push(res.url())));
    // Chromium fetches the icon outside the page's network events but logs a failure to the console.
    page.on('console', (msg) => void (/status of 404/.test(msg.text()) && notFound.push(msg.text())));
    const from = stack.logs.length;
    await page.goto(`${stack.appUrl}/`);
    await byTestId(page, 'login-button').waitFor();
    const icons = await requestsLogged(stack.logs, (path) => /^\/favicon\./.test(path), from);
    expect(icons).toContainEqual({ path: '/favicon.svg', status: 200 });
    expect(icons.filter(({ status }) => status !== 200)).toEqual([]);
    expect(notFound).toEqual([]);
    await context.close();
  });

  it('shows a country for every seeded investor, from the profile address or else from the login', async () => {
    const { context, page } = await newBrowserPage();
    const seen = new Map<string, { text: string | null; source: string | null }>();
    const investors = [...Object.values(SEEDED), ...Object.values(GATEWAY_SEEDED)];
    for (const [i, investorId] of investors.entries()) {
      await (i === 0 ? logIn : logInAgain)(page, stack, investorId);
      const country = byTestId(page, 'country');
      const source = await country.getAttribute('data-country-source');
      const text = await country.textContent();
      seen.set(investorId, { text, source });
      if (investorId === SEEDED.newInvestor) await screenshot(page, 'polish-02-country-from-login');
      // A name and a code, and a note saying where it came from (the investor id makes a failure readable).
      expect([investorId, text, await byTestId(page, 'country-source').textContent()]).toEqual([
        investorId,
        expect.stringMatching(/^[A-Z][a-z]+.* \([A-Z]{2}\)$/),
        source === 'profile' ? 'from your profile address' : 'from your login (no address in your profile)',
      ]);
    }
    expect(seen.get(SEEDED.newInvestor)).toEqual({ text: 'United Kingdom (GB)', source: 'login' });
    expect(seen.get(SEEDED.verified)).toEqual({ text: 'United States (US)', source: 'profile' });
    expect(seen.get(GATEWAY_SEEDED.passed)).toEqual({ text: 'Netherlands (NL)', source: 'profile' });
    await context.close();
  });

  it('an entity investor sees its legal signers, their documents, and each document opens', async () => {
    const { context, page } = await newBrowserPage();
    await logIn(page, stack, SEEDED.entity);
    await waitForCount(page, 'signer', 2);
    expect(await page.getByTestId('signer-name').allTextContents()).toEqual([
      'Mei Ling Tan',
      'Harbourlight Holdings Ltd.',
    ]);
    expect(await page.getByTestId('signer-type').allTextContents()).toEqual(['Individual', 'Entity']);
    expect(await page.getByTestId('signer-document').count()).toBe(2);
    await screenshot(page, 'polish-03-signers');

    const tab = await openedTab(context, byTestId(page, 'view-signer-document').first());
    expect(tab.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/[^/]+$/);
    expect(await tab.evaluate(() => document.documentElement.namespaceURI)).toBe(
      'http://www.w3.org/2000/svg',
    );
    expect(await tab.evaluate(() => document.documentElement.textContent)).toContain('MEI LING');
    await screenshotViewport(tab, 'polish-04-signer-passport');
    await tab.close();
    expect(await byTestId(page, 'signers-message').isHidden()).toBe(true);
    await context.close();
  });

  it('the token id field explains itself and offers the tokens the investor already has wallets for', async () => {
    const { context, page } = await newBrowserPage();
    await logIn(page, stack, SEEDED.verified);
    await waitForCount(page, 'wallet', 2);
    const hint = byTestId(page, 'token-hint');
    expect((await hint.textContent())?.replace(/\s+/g, ' ')).toContain(`e.g. ${TOKENS.equity}`);
    expect(await page.locator('#wallet-tokenId').getAttribute('aria-describedby')).toContain(
      'wallet-tokenId-hint',
    );
    const known = page.getByTestId('known-token');
    expect(
      (await known.evaluateAll((els) => els.map((e) => e.getAttribute('data-token-id')))).sort(),
    ).toEqual([TOKENS.equity, TOKENS.bond].sort());
    await known.filter({ hasText: TOKENS.bond.slice(-6) }).click();
    expect(await page.locator('#wallet-tokenId').inputValue()).toBe(TOKENS.bond);
    expect(await byTestId(page, 'signers-card').isHidden()).toBe(true);
    await screenshot(page, 'polish-05-token-hint');

    const passport = await openedTab(context, byTestId(page, 'view-document').first());
    expect(await passport.evaluate(() => document.documentElement.textContent)).toContain(
      'P<USAVANCE<<VICTOR<ALAN',
    );
    await screenshotViewport(passport, 'polish-06-passport');
    await context.close();
  });

  it('at 390 px wide the whole dashboard fits: no horizontal scrolling', async () => {
    const { context, page } = await newBrowserPage({ width: 390, height: 844 });
    await logIn(page, stack, SEEDED.verified);
    await waitForCount(page, 'document', 2);
    await waitForCount(page, 'wallet', 2);
    await byTestId(page, 'current-session').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'polish-07-phone-investor');

    await logInAgain(page, stack, SEEDED.entity);
    await waitForCount(page, 'signer', 2);
    await waitForCount(page, 'wallet', 1);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'polish-08-phone-entity');
    await byTestId(page, 'revoke-others').click();
    await byTestId(page, 'revoke-dialog').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshotViewport(page, 'polish-09-phone-confirm');
    await context.close();
  });

  it("the simulator's page with a redirect URL off the allow-list: no script error, and the error says what to set", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The error page's own 400 is logged as a failed load; any other error is a problem.
    const errors = collectErrors(page, (text) => text.includes('status of 400'));
    const redirectUrl = 'https://elsewhere.example/callback?x=<b>';
    const fragment = new URLSearchParams({ issuerId: CLIENT_ID, scope: 'info', redirecturl: redirectUrl });
    for (const button of [`button[data-investor-id="${SEEDED.verified}"]`, '#signup']) {
      await page.goto(`${stack.loginUrl}/#/authorize?${fragment}`);
      await page.locator(button).click();
      await page.locator('#login-error').waitFor();
      await page.waitForLoadState('load');
      const text = (await page.locator('#login-error').textContent()) ?? '';
      for (const part of ['SIMULATOR_REDIRECT_URLS', 'npm run simulator', 'npm run dev', 'PUBLIC_URL'])
        expect(text).toContain(part);
      expect(text).toContain(redirectUrl);
      expect(await page.getByTestId('allowed-redirect-url').allTextContents()).toEqual([`${stack.appUrl}/*`]);
    }
    await screenshot(page, 'polish-10-redirect-not-allowed');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the app pages raised no exception and logged no error (a CSP violation would show here)', () => {
    expect(recorder.problems()).toEqual([]);
  });
});
