import type { Page } from 'playwright-core';
import { SEEDED } from '../../src/simulator';
import { byTestId, logIn, waitForCount } from './app-page';
import { allPortsFree, FrontDoor, Opened, openFrontDoor, rawGet } from './front-door';

// The same front door with examples/front-door/Caddyfile (FRONT_DOOR_SERVER=caddy), in Chromium.
jest.setTimeout(60_000);

let door: FrontDoor;
let page: Page;
let opened: Opened | undefined;

beforeAll(async () => {
  opened = await openFrontDoor('caddy');
  ({ door, page } = opened);
}, 180_000);

afterAll(() => opened?.close());

describe('e2e: the front door with Caddy in Chromium', () => {
  it('plain http redirects; the login, the app-API proxy, __Host- Secure cookies, the backend behind forward-auth', async () => {
    expect(await rawGet(`${door.httpUrl}/login?returnTo=/`)).toEqual({
      status: 301,
      location: `${door.url}/login?returnTo=/`,
    });
    await logIn(page, { appUrl: door.url, loginUrl: door.loginUrl }, SEEDED.verified);
    await waitForCount(page, 'offering', 3);
    const cookies = await page.context().cookies(door.url);
    expect(cookies.map((c) => c.name)).toContain('__Host-sid');
    for (const c of cookies)
      expect([c.name.slice(0, 7), c.secure, c.httpOnly]).toEqual(['__Host-', true, true]);

    await page.goto(`${door.url}/backend/whoami`);
    expect(JSON.parse((await page.locator('body').textContent()) ?? '')).toMatchObject({
      investor: SEEDED.verified,
      claims: { iss: door.url, aud: door.url },
    });
    await page.goto(`${door.url}/`);
    await byTestId(page, 'investor-name').waitFor();
  });

  it('when the proxy dies, the script stops the BFF and the rest and exits 1', async () => {
    expect(door.pids.caddy).toBeGreaterThan(0);
    process.kill(door.pids.caddy!, 'SIGKILL');
    expect(await door.exited).toBe(1);
    expect(door.output()).toMatch(/caddy stopped \(SIGKILL\): stopping the rest/);
    expect(await allPortsFree(door)).toBe(true);
  });
});
