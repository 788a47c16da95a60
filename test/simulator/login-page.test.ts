import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { createSimulator, GATEWAY_SEEDED, SEEDED } from '../../src/simulator';
import { CLIENT_ID } from './helpers';

class FakeElement {
  hidden = false;
  textContent = '';
  value = '';
  submitted = 0;
  readonly children: FakeElement[] = [];
  readonly listeners = new Map<string, () => void>();
  constructor(readonly attributes: Record<string, string> = {}) {}
  appendChild(child: FakeElement) {
    this.children.push(child);
  }
  addEventListener(type: string, fn: () => void) {
    this.listeners.set(type, fn);
  }
  getAttribute(name: string) {
    return this.attributes[name] ?? null;
  }
  setAttribute(name: string, value: string) {
    this.attributes[name] = value;
  }
  submit() {
    this.submitted += 1;
  }
  click() {
    this.listeners.get('click')?.();
  }
}

/** Runs the served login.js against a tiny DOM built from the served HTML's ids and buttons. */
async function openPage(hash: string) {
  const sim = createSimulator();
  const html = (await request(sim.app).get('/')).text;
  const script = (await request(sim.app).get('/login.js')).text;
  const byId = new Map<string, FakeElement>();
  for (const [tag, id = ''] of html.matchAll(/<[^>]*\bid="([^"]+)"[^>]*>/g)) {
    byId.set(id, new FakeElement({}));
    const el = byId.get(id) as FakeElement;
    el.hidden = /\bhidden\b/.test(tag.replace(/"[^"]*"/g, ''));
    el.value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
  }
  const buttons = [...html.matchAll(/data-investor-id="([^"]+)"/g)].map(
    ([, id = '']) => new FakeElement({ 'data-investor-id': id }),
  );
  const document = {
    getElementById: (id: string) => byId.get(id) ?? null,
    querySelectorAll: () => buttons,
    createElement: () => new FakeElement(),
  };
  const window = { location: { hash, reload: () => undefined }, addEventListener: () => undefined };
  runInNewContext(script, { window, document, URLSearchParams });
  const el = (id: string) => byId.get(id) as FakeElement;
  const form = () => ({
    issuerId: el('field-issuer-id').value,
    scope: el('field-scope').value,
    redirecturl: el('field-redirect-url').value,
    investorId: el('field-investor-id').value,
    action: el('field-action').value,
  });
  const target = () => el('login-form').getAttribute('action');
  return { sim, html, el, buttons, form, target };
}

describe('login page', () => {
  it('serves HTML that loads its script and styles from files, with no inline script', async () => {
    const sim = createSimulator();
    const page = await request(sim.app).get('/');
    const js = await request(sim.app).get('/login.js');
    const css = await request(sim.app).get('/login.css');

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text.match(/<script[^>]*>/g)).toEqual(['<script src="/login.js" defer>']);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(css.headers['content-type']).toMatch(/text\/css/);
  });

  it('lists every seeded investor with name, status, country and a Log in as button', async () => {
    const { html } = await openPage('');
    for (const investorId of Object.values({ ...SEEDED, ...GATEWAY_SEEDED })) {
      expect(html).toContain(
        `id="login-as-${investorId}" data-investor-id="${investorId}">Log in as</button>`,
      );
    }
    expect(html).toContain('Victor Alan Vance');
    expect(html).toContain('pending-aml');
    expect(html).toContain('<td class="investor-country">CH</td>');
  });

  it('reads the fragment, shows the app and scopes, and submits approve for the clicked investor', async () => {
    const hash = `#/authorize?issuerId=${CLIENT_ID}&scope=info%20details%20verification&redirecturl=http://localhost:3000/cb?state=s1`;
    const { sim, el, buttons, form, target } = await openPage(hash);

    expect(el('request').hidden).toBe(false);
    expect(el('missing-params').hidden).toBe(true);
    expect(el('app-client-id').textContent).toBe(CLIENT_ID);
    expect(el('app-scopes').children.map((c) => c.textContent)).toEqual(['info', 'details', 'verification']);

    buttons.find((b) => b.getAttribute('data-investor-id') === SEEDED.verified)?.click();
    expect(el('login-form').submitted).toBe(1);
    expect(form()).toEqual({
      issuerId: CLIENT_ID,
      scope: 'info details verification',
      redirecturl: 'http://localhost:3000/cb?state=s1',
      investorId: SEEDED.verified,
      action: 'approve',
    });
    expect(target()).toBe('/login/approve');
    const res = await request(sim.app).post('/login/approve').type('form').send(form());
    expect(res.headers.location).toMatch(/^http:\/\/localhost:3000\/cb\?state=s1&code=/);
  });

  it('accepts the client_id / redirect_uri spellings and submits cancel', async () => {
    const { el, form } = await openPage(
      `#/authorize?client_id=${CLIENT_ID}&scope=info&redirect_uri=http://localhost:3000/x`,
    );

    el('cancel').click();
    expect(form()).toMatchObject({
      issuerId: CLIENT_ID,
      redirecturl: 'http://localhost:3000/x',
      action: 'cancel',
    });
  });

  it('offers "Create a Securitize iD", which posts the same request to /signup/start', async () => {
    const hash = `#/authorize?issuerId=${CLIENT_ID}&scope=info%20details&redirecturl=http://localhost:3000/cb`;
    const { sim, html, el, form, target } = await openPage(hash);

    expect(html).toContain('<button type="button" id="signup">Create a Securitize iD</button>');
    el('signup').click();
    expect(el('login-form').submitted).toBe(1);
    expect(target()).toBe('/signup/start');
    expect(form()).toMatchObject({
      issuerId: CLIENT_ID,
      scope: 'info details',
      redirecturl: 'http://localhost:3000/cb',
    });
    const res = await request(sim.app).post('/signup/start').type('form').send(form());
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/signup\/[0-9a-f]{32}\/account$/);
  });

  it('says clearly when the fragment has no issuerId or redirecturl', async () => {
    const { el, html } = await openPage('#/authorize?scope=info');

    expect(el('missing-params').hidden).toBe(false);
    expect(el('request').hidden).toBe(true);
    expect(html).toMatch(/issuerId<\/code> or <code>redirecturl<\/code> is missing/);
  });
});
