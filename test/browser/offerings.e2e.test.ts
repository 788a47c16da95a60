import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type Redis from 'ioredis';
import { createApp } from '../../src/app';
import { Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { createRedis } from '../../src/store';
import { createSecuritizeClient } from '../../src/securitize';
import { startDevAppBackend } from '../../src/dev/app-backend';
import { listenOn } from '../../src/process/listen';
import { createSimulator, SEEDED } from '../../src/simulator';
import { CLIENT_ID, ENCRYPTION_KEYS, SECRET, SESSION_SECRET } from '../helpers/harness';
import { type RedisChild, startRedisServer } from '../helpers/redis-server';
import { byTestId, fitsWidth, logIn, newWatchedPage, waitForCount } from './app-page';
import { buildWebAppIfStale, launchChromium, screenshot } from './browser';
import { createRecorder } from './recorder';

// The app-API gateway in a real browser: the demo's Offerings card calls /app-api/offerings, the BFF
// applies POLICY_FILE's policy (verified investors only) and forwards to the example app backend
// with an investor assertion; the backend checks it against the BFF's published keys.
jest.setTimeout(90_000);

const OFFERINGS = [
  ['Harbour REIT, class A', 'USD 5,000'],
  ['Green Infrastructure Bond 2031', 'USD 1,000'],
  ['Venture Fund IV', 'USD 25,000'],
];

interface Stack {
  appUrl: string;
  loginUrl: string;
  config: Config;
  /** Stops the example backend (the gateway then has nowhere to forward to). */
  stopBackend(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Like setup.ts's stack (the BFF, a private redis-server and the simulator on real ports), plus the
 * example app backend on a free port, started the way `npm run dev` starts it, and the POLICY_FILE
 * that routes /app-api/offerings to it.
 */
async function startStack(): Promise<Stack> {
  const redisChild: RedisChild = await startRedisServer();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sim = createSimulator({
    clients: [{ clientId: CLIENT_ID, secret: SECRET, redirectUrls: [`${appUrl}/*`] }],
  });
  const simHttp = await sim.listen(0, '127.0.0.1');
  // Another site name than the app's, as Securitize iD is (see setup.ts).
  const loginUrl = simHttp.url.replace('127.0.0.1', 'localhost');
  const backend = await startDevAppBackend(
    { PUBLIC_URL: appUrl, APP_URL: appUrl, APP_BACKEND_PORT: '0' },
    listenOn,
  );
  if (!('stop' in backend)) throw new Error(backend.unavailable);

  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: appUrl,
    APP_URL: appUrl,
    SECURITIZE_CLIENT_ID: CLIENT_ID,
    SECURITIZE_SECRET: SECRET,
    SECURITIZE_API_URL: simHttp.url,
    SECURITIZE_LOGIN_URL: loginUrl,
    SECURITIZE_TIMEOUT_MS: '3000',
    REDIS_URL: redisChild.url,
    SESSION_SECRET,
    TOKEN_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
    RATE_LIMIT_LOGIN: '100000',
    POLICY_FILE: backend.policyFile,
    LOG_LEVEL: 'warn',
  });
  const logger = createLogger(config.logLevel, { write: () => undefined });
  const redis = createRedis(config.redis, logger) as Redis;
  const metrics = createMetrics({ defaultMetrics: false });
  const securitize = createSecuritizeClient({ ...config.securitize, observe: metrics.upstream });
  server.on('request', createApp({ config, redis, securitize, logger, metrics }));

  let backendStopped: Promise<void> | undefined;
  const stopBackend = () => (backendStopped ??= backend.stop());
  return {
    appUrl,
    loginUrl,
    config,
    stopBackend,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
      await stopBackend();
      await simHttp.close();
      await redisChild.close();
    },
  };
}

let stack: Stack;
let browser: Browser;
let recorder: ReturnType<typeof createRecorder>;

const names = (page: Page) => page.getByTestId('offering-name').allTextContents();
// Intl puts a no-break space between the currency code and the amount.
const minimums = async (page: Page) =>
  (await page.getByTestId('offering-minimum').allTextContents()).map((t) => t.replace(/\u00a0/g, ' '));
const reason = (page: Page) => byTestId(page, 'offerings-reason').textContent();

beforeAll(async () => {
  buildWebAppIfStale();
  stack = await startStack();
  recorder = createRecorder(stack.appUrl);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('e2e: the Offerings card, served by the app backend through the BFF’s app-API proxy', () => {
  it('a verified investor sees the offerings, which the backend served for that investor', async () => {
    const { context, page } = await newWatchedPage(browser, recorder);
    const answer = page.waitForResponse((res) => res.url() === `${stack.appUrl}/app-api/offerings`);
    await logIn(page, stack, SEEDED.verified);
    // The backend knew who asked only from the BFF's signed assertion.
    expect(await (await answer).json()).toMatchObject({ investor: SEEDED.verified, verified: true });
    await waitForCount(page, 'offering', 3);
    expect(await names(page)).toEqual(OFFERINGS.map(([name]) => name));
    expect(await minimums(page)).toEqual(OFFERINGS.map(([, minimum]) => minimum));
    expect(await page.getByTestId('offerings-denied').count()).toBe(0);
    await screenshot(page, 'offerings-01-verified');
    await context.close();
  });

  let kycPage: Page;
  let kycContext: BrowserContext;

  it('an investor still in KYC is told in plain words, with "Complete KYC" leading to Securitize iD\'s verification page', async () => {
    ({ context: kycContext, page: kycPage } = await newWatchedPage(browser, recorder));
    await logIn(kycPage, stack, SEEDED.processing);
    const denied = byTestId(kycPage, 'offerings-denied');
    await denied.waitFor();
    expect(await reason(kycPage)).toBe(
      'Complete identity verification with Securitize iD to see the offerings.',
    );
    expect(await denied.getAttribute('data-error')).toBe('kyc_required');
    expect(await denied.getAttribute('data-reason')).toBe('verified');
    const link = byTestId(kycPage, 'offerings-action');
    expect(await link.textContent()).toBe('Complete KYC');
    expect(await link.getAttribute('href')).toBe(
      `${stack.loginUrl}/#/profile/verification/type?issuerId=${CLIENT_ID}` +
        `&scope=${encodeURIComponent(stack.config.securitize.scope)}&redirecturl=${stack.appUrl}/login`,
    );
    expect(await kycPage.getByTestId('offering').count()).toBe(0);
    await screenshot(kycPage, 'offerings-02-kyc-required');
  });

  it('"Complete KYC": the simulated verification, a new login, and the offerings are there', async () => {
    await byTestId(kycPage, 'offerings-action').click();
    await kycPage.waitForURL((url) => url.href.startsWith(`${stack.loginUrl}/verification?`));
    expect(await kycPage.locator('h1').textContent()).toBe('Identity verification (simulated)');
    await screenshot(kycPage, 'offerings-03-verification-page');
    await kycPage.locator(`button[data-verify-investor-id="${SEEDED.processing}"]`).click();
    // Back to the BFF's /login, which starts a new login at Securitize iD.
    await kycPage.waitForURL((url) => url.href.startsWith(`${stack.loginUrl}/#/authorize?`));
    await kycPage.locator(`button[data-investor-id="${SEEDED.processing}"]`).click();
    await kycPage.waitForURL(`${stack.appUrl}/`);
    await waitForCount(kycPage, 'offering', 3);
    expect(await names(kycPage)).toEqual(OFFERINGS.map(([name]) => name));
    expect(await byTestId(kycPage, 'status-badge').textContent()).toBe('Verified');
    await kycContext.close();
  });

  it('other denials and failures in plain words; data is never markup; a non-web link is not offered', async () => {
    const { context, page } = await newWatchedPage(browser, recorder, { width: 390, height: 844 });
    await logIn(page, stack, SEEDED.verified);
    await waitForCount(page, 'offering', 3);
    let next: { status: number; body: unknown } = { status: 200, body: {} };
    await page.route(`${stack.appUrl}/app-api/offerings`, (route) =>
      route.fulfill({
        status: next.status,
        contentType: 'application/json',
        body: JSON.stringify(next.body),
      }),
    );
    const show = async (status: number, body: unknown) => {
      next = { status, body };
      await page.reload();
      await byTestId(page, 'investor-name').waitFor();
      await page.locator('#offerings > :not(.placeholder), #offerings > [role]').first().waitFor();
    };
    const denial = (fields: Record<string, string>) => ({ requestId: 'r1', message: 'x', ...fields });

    await show(403, denial({ error: 'not_eligible', reason: 'countries' }));
    expect(await reason(page)).toBe('Offerings are not available in your country.');
    expect(await page.getByTestId('offerings-action').count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'offerings-04-phone-not-eligible');

    await show(403, denial({ error: 'not_eligible', reason: 'usStates', missing: 'us_state' }));
    expect(await reason(page)).toBe(
      'Securitize iD did not share your US state, so we cannot tell which offerings are open to you.',
    );
    await show(403, denial({ error: 'not_eligible', reason: 'accredited' }));
    expect(await reason(page)).toBe('Offerings are not available for your accreditation status.');

    await show(403, denial({ error: 'kyc_required', reason: 'verified', action: 'javascript:alert(1)' }));
    expect(await reason(page)).toBe(
      'Complete identity verification with Securitize iD to see the offerings.',
    );
    expect(await page.getByTestId('offerings-action').count()).toBe(0);

    const markup = '<img src=x id=injected>';
    await show(200, {
      investor: 'x',
      verified: true,
      country: 'US',
      offerings: [{ id: 'a', name: markup, minimum: 5, currency: 'EUR' }],
    });
    expect(await names(page)).toEqual([markup]);
    expect(await minimums(page)).toEqual(['EUR 5']);
    expect(await page.locator('#injected').count()).toBe(0);

    const unavailable = () => byTestId(page, 'offerings-unavailable').textContent();
    await show(504, { error: 'upstream_timeout' });
    expect(await unavailable()).toBe(
      'The offerings service did not answer in time. Please try again in a moment.',
    );
    // A 401 of the backend's own is not the BFF's: the investor stays logged in.
    await show(401, { error: 'assertion_required' });
    expect(await unavailable()).toBe(
      'The offerings service is not available right now. Please try again in a moment.',
    );
    expect(await byTestId(page, 'logged-in').isVisible()).toBe(true);
    await context.close();
  });

  it('the backend down: the gateway answers 502 and the card says the service is not available', async () => {
    await stack.stopBackend();
    const { context, page } = await newWatchedPage(browser, recorder);
    const answer = page.waitForResponse((res) => res.url() === `${stack.appUrl}/app-api/offerings`);
    await logIn(page, stack, SEEDED.verified);
    expect((await answer).status()).toBe(502);
    await byTestId(page, 'offerings-unavailable').waitFor();
    expect(await byTestId(page, 'offerings-unavailable').textContent()).toBe(
      'The offerings service is not available right now. Please try again in a moment.',
    );
    await context.close();
  });

  it('the app pages raised no exception and logged no error (a CSP violation would show here)', () => {
    expect(recorder.problems()).toEqual([]);
  });
});
