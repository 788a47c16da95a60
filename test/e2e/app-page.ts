import type { Page } from 'playwright-core';
import { screenshot } from './browser';

// Small helpers for driving the demo web app by its data-testid attributes.

export const byTestId = (page: Page, id: string) => page.getByTestId(id);

export const countOf = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`).count();

export const waitForCount = (page: Page, id: string, n: number) =>
  page.waitForFunction(([selector, want]) => document.querySelectorAll(selector).length === want, [
    `[data-testid="${id}"]`,
    n,
  ] as const);

/** The whole browser round trip: app → /login → the simulator's page → /callback → app. */
export async function logIn(
  page: Page,
  urls: { appUrl: string; loginUrl: string },
  investorId: string,
  simulatorShot?: string,
): Promise<void> {
  await page.goto(`${urls.appUrl}/`);
  await byTestId(page, 'login-button').click();
  await page.waitForURL((url) => url.href.startsWith(`${urls.loginUrl}/#/authorize?`));
  const loginAs = page.locator(`button[data-investor-id="${investorId}"]`);
  await loginAs.waitFor();
  if (simulatorShot) await screenshot(page, simulatorShot);
  await loginAs.click();
  await page.waitForURL(`${urls.appUrl}/`);
  await byTestId(page, 'investor-name').waitFor();
}
