import type { Browser, Page } from 'playwright-core';
import { SEEDED } from '../../src/simulator';
import { type BffProcess, startBffProcess } from '../helpers/bff-process';
import { byTestId, logIn, waitForCount } from './app-page';
import { buildWebAppIfStale, launchChromium, screenshot } from './browser';
import { freePort } from './front-door';

// `npm run dev` as a newcomer runs it (the simulator, the example backend, a throwaway Redis, all
// development defaults), with the simulator's KYC webhooks to the BFF: an investor's status changed
// on the simulator's own page reaches the open demo without a reload of the page or the BFF.
jest.setTimeout(90_000);

let bff: BffProcess;
let browser: Browser;
let page: Page;
let urls: { appUrl: string; loginUrl: string };

beforeAll(async () => {
  buildWebAppIfStale();
  const [port, simPort, backendPort] = [await freePort(), await freePort(), await freePort()];
  bff = await startBffProcess(
    {
      NODE_ENV: 'development',
      PORT: String(port),
      SIMULATOR_PORT: String(simPort),
      APP_BACKEND_PORT: String(backendPort),
    },
    { listening: /"event":"listening","port":(\d+)/ },
  );
  urls = { appUrl: `http://localhost:${port}`, loginUrl: `http://localhost:${simPort}` };
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bff?.kill('SIGTERM');
});

/** The simulator's /__control/kyc page, in a tab of its own, as a person doing the demo uses it. */
async function setKycOnSimulatorPage(investorId: string, status: string) {
  const tab = await page.context().newPage();
  await tab.goto(`${urls.loginUrl}/__control/kyc`);
  const form = tab.locator('form', { has: tab.locator(`input[value="${investorId}"]`) });
  await form.locator('select[name="status"]').selectOption(status);
  // The form's POST answers once the simulator has delivered the webhook (then redirects to the page).
  const posted = tab.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith('/__control/kyc'),
  );
  await form.getByRole('button', { name: 'Set and notify' }).click();
  await step(`the simulator's form answers (${status})`, async () =>
    expect((await posted).status()).toBe(303),
  );
  await tab.close();
  // Back to the demo's tab, as the person doing the demo does: it polls only while it is shown.
  await page.bringToFront();
}

/** A step that fails after 30 s naming itself, with the BFF's last log lines (not a bare test timeout). */
async function step(what: string, run: () => Promise<unknown>) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `${what}: not within 30 s; the BFF said:\n${bff.output().split('\n').slice(-40).join('\n')}`,
          ),
        ),
      30_000,
    );
  });
  try {
    await Promise.race([run(), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('e2e: a KYC change pushed by Securitize reaches the open demo', () => {
  it('says at start that the simulator sends its webhooks to this BFF', () => {
    expect(bff.output()).toContain('/__control/kyc and the BFF hears it');
  });

  it('a verified investor sees the offerings; set to manual-review, the card is refused within seconds', async () => {
    await logIn(page, urls, SEEDED.verified);
    await waitForCount(page, 'offering', 3);
    await setKycOnSimulatorPage(SEEDED.verified, 'manual-review');
    // The page asks again every 5 s; the facts were dropped on the webhook, so the next decision
    // fetches the new status (KYC_FACTS_MAX_AGE is 300 s: without the push it would wait minutes).
    await byTestId(page, 'offerings-denied').waitFor({ timeout: 20_000 });
    // The card's answer turned, so the profile was read again: its badge agrees.
    await page.getByText('Manual review', { exact: true }).waitFor();
    expect(page.url()).toBe(`${urls.appUrl}/`);
    await screenshot(page, 'kyc-push-01-refused');
  });

  it('back to verified, the offerings return; set to rejected, the demo shows the investor logged out', async () => {
    await setKycOnSimulatorPage(SEEDED.verified, 'verified');
    await step('the offerings return', () => waitForCount(page, 'offering', 3));
    await setKycOnSimulatorPage(SEEDED.verified, 'rejected');
    // The recheck after the webhook finds `rejected` and ends the investor's sessions (kyc_change).
    await byTestId(page, 'logged-out').waitFor({ timeout: 20_000 });
    await byTestId(page, 'login-button').waitFor();
    expect(bff.output()).toMatch(/"reason":"kyc_change"/);
    await screenshot(page, 'kyc-push-02-logged-out');
  });
});
