import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { createSimulator, DEV_CLIENT, SEEDED } from '../../src/simulator';
import { CLIENT_ID } from './helpers';

const OFF_LIST = 'https://elsewhere.test/cb?a=1&b=<i>"x"</i>';
const ALLOWED = ['http://localhost:3000/*', 'https://app.test/cb?x=<y>'];

function simulator(redirectUrls = ALLOWED) {
  return createSimulator({ clients: [{ ...DEV_CLIENT, redirectUrls }] });
}

const post = (sim: ReturnType<typeof createSimulator>, path: string, fields: Record<string, string>) =>
  request(sim.app)
    .post(path)
    .type('form')
    .send({ issuerId: CLIENT_ID, scope: 'info', action: 'approve', investorId: SEEDED.verified, ...fields });

const escaped = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

describe('"Redirect URL not allowed" page', () => {
  it.each(['/login/approve', '/signup/start'])(
    '%s names the URL it got, the list it has, and the setting to change in each way of running',
    async (path) => {
      const res = await post(simulator(), path, { redirecturl: OFF_LIST });

      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<h1>Redirect URL not allowed</h1>');
      expect(res.text).toContain(`<code>${escaped(OFF_LIST)}</code>`);
      for (const url of ALLOWED)
        expect(res.text).toContain(`<code data-testid="allowed-redirect-url">${escaped(url)}</code>`);
      expect(res.text).not.toContain('<i>');
      expect(res.text).not.toContain('<y>');
      for (const part of ['npm run simulator', 'SIMULATOR_REDIRECT_URLS', 'npm run dev', 'PUBLIC_URL'])
        expect(res.text).toContain(part);
      expect(res.text).toContain('ending in <code>*</code>');
      expect(res.text).toContain(`PATCH /v1/${CLIENT_ID}`);
    },
  );

  it('says when the list is empty, and when no redirect URL came at all', async () => {
    const res = await post(simulator([]), '/login/approve', { redirecturl: '' });

    expect(res.status).toBe(400);
    expect(res.text).toContain('<em>The list is empty.</em>');
    expect(res.text).toContain('<em>(empty)</em>');
  });

  it('loads no script (login.js is for the login page only) and shows an icon that exists', async () => {
    const sim = simulator();
    const res = await post(sim, '/login/approve', { redirecturl: OFF_LIST });
    const unknown = await post(sim, '/login/approve', { issuerId: 'nobody', redirecturl: OFF_LIST });
    const icon = await request(sim.app).get('/favicon.svg');

    for (const page of [res, unknown]) {
      expect(page.status).toBe(400);
      expect(page.text).not.toMatch(/<script/);
      expect(page.text).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    }
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('login.js does nothing, and throws nothing, on a page without the login form', async () => {
    const script = (await request(createSimulator().app).get('/login.js')).text;
    const listeners: string[] = [];
    const document = { getElementById: () => null, querySelectorAll: () => [] };
    const window = {
      location: { hash: '', reload: () => undefined },
      addEventListener: (type: string) => listeners.push(type),
    };

    expect(() => runInNewContext(script, { window, document, URLSearchParams })).not.toThrow();
    expect(listeners).toEqual([]);
  });
});
