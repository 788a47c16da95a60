import type { BrowserContext } from 'playwright-core';

/**
 * Watches a browser context for what the test asserts on afterwards: the bodies of every response
 * from the app's origin (scanned for tokens), exceptions and console errors on the app's pages
 * (CSP violations are logged as console errors), and the /callback URL the browser went through.
 */
export function createRecorder(appUrl: string) {
  const bodies: Promise<string>[] = [];
  const problems: string[] = [];
  let callbackUrl: string | undefined;

  function watch(context: BrowserContext): void {
    context.on('response', (res) => {
      const redirect = res.status() >= 300 && res.status() < 400;
      if (res.url().startsWith(appUrl) && !redirect) bodies.push(res.text().catch(() => ''));
    });
    context.on('request', (req) => {
      if (req.url().startsWith(`${appUrl}/callback/`)) callbackUrl = req.url();
    });
    context.on('page', (page) => {
      const onApp = () => page.url().startsWith(appUrl);
      page.on('pageerror', (err) => void (onApp() && problems.push(`exception: ${err.message}`)));
      page.on('console', (msg) => {
        // Chrome logs every 4xx fetch as "Failed to load resource"; a 401 from /api/me is expected.
        if (msg.type() === 'error' && onApp() && !msg.text().startsWith('Failed to load resource'))
          problems.push(`console: ${msg.text()}`);
      });
    });
  }

  return {
    watch,
    bodies: () => Promise.all(bodies),
    problems: () => [...problems],
    callbackUrl: () => callbackUrl,
  };
}
