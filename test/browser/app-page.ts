import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, screenshot } from './browser';

// Small helpers for driving the demo web app by its data-testid attributes.

export const byTestId = (page: Page, id: string) => page.getByTestId(id);

export const countOf = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`).count();

export const waitForCount = (page: Page, id: string, n: number) =>
  page.waitForFunction(([selector, want]) => document.querySelectorAll(selector).length === want, [
    `[data-testid="${id}"]`,
    n,
  ] as const);

type Urls = { appUrl: string; loginUrl: string };

/** On the simulator's page: picks the investor and waits for the app to show their profile. */
async function pickInvestor(page: Page, urls: Urls, investorId: string, simulatorShot?: string) {
  await page.waitForURL((url) => url.href.startsWith(`${urls.loginUrl}/#/authorize?`));
  const loginAs = page.locator(`button[data-investor-id="${investorId}"]`);
  await loginAs.waitFor();
  if (simulatorShot) await screenshot(page, simulatorShot);
  await loginAs.click();
  await page.waitForURL(`${urls.appUrl}/`);
  await byTestId(page, 'investor-name').waitFor();
}

/** The whole browser round trip: app → /login → the simulator's page → /callback → app. */
export async function logIn(
  page: Page,
  urls: Urls,
  investorId: string,
  simulatorShot?: string,
): Promise<void> {
  await page.goto(`${urls.appUrl}/`);
  await byTestId(page, 'login-button').click();
  await pickInvestor(page, urls, investorId, simulatorShot);
}

/**
 * The same round trip started at /login directly, so it works while this browser is logged in:
 * the new login replaces the session.
 */
export async function logInAgain(page: Page, urls: Urls, investorId: string): Promise<void> {
  await page.goto(`${urls.appUrl}/login?returnTo=/`);
  await pickInvestor(page, urls, investorId);
}

/** Clicks something that opens a new tab, and returns that tab once it has loaded. */
export async function openedTab(context: BrowserContext, trigger: Locator): Promise<Page> {
  const [tab] = await Promise.all([context.waitForEvent('page'), trigger.click()]);
  await tab.waitForLoadState();
  return tab;
}

/**
 * The BFF's request log lines from `from` on whose path matches, once at least one has arrived
 * (within 5 s): for requests the browser makes outside the page's network events, such as the favicon.
 */
export async function requestsLogged(
  logs: string[],
  matches: (path: string) => boolean,
  from = 0,
): Promise<Array<{ path: string; status: number }>> {
  const found = () =>
    logs
      .slice(from)
      .map((line) => JSON.parse(line) as { event?: string; path?: string; status?: number })
      .filter((entry) => entry.event === 'http_request' && matches(entry.path ?? ''))
      .map(({ path, status }) => ({ path: path ?? '', status: status ?? 0 }));
  for (let waited = 0; found().length === 0 && waited < 5000; waited += 100)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return found();
}

/**
 * The visible part only: Playwright's full-page screenshot never finishes on a page that is an SVG
 * document, such as the simulator's document images.
 */
export async function screenshotViewport(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** Exceptions and console errors of a page from now on, except those `ignore` accepts. */
export function collectErrors(page: Page, ignore: (text: string) => boolean = () => false): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !ignore(msg.text())) errors.push(`${page.url()}: ${msg.text()}`);
  });
  return errors;
}

/** A page in a new browser context (a browser profile of its own) whose pages the recorder watches. */
export async function newWatchedPage(
  browser: Browser,
  recorder: { watch(context: BrowserContext): void },
  viewport = { width: 1200, height: 900 },
) {
  const context = await browser.newContext({ viewport });
  // Well inside jest's limit, so a stuck wait fails with Playwright's message rather than a bare timeout.
  context.setDefaultTimeout(20_000);
  recorder.watch(context);
  return { context, page: await context.newPage() };
}

/** Nothing sticks out sideways: the page cannot be scrolled horizontally. */
export const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
