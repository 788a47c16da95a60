import request from 'supertest';
import { createSimulator, DEV_CLIENT, SEEDED, type Simulator } from '../../src/simulator';
import { CLIENT_ID } from './helpers';

const CLIENTS = [{ ...DEV_CLIENT, redirectUrls: ['http://bff.test/*'] }];

async function approve(sim: Simulator, redirecturl: string): Promise<string> {
  const res = await request(sim.app).post('/login/approve').type('form').send({
    issuerId: CLIENT_ID,
    redirecturl,
    action: 'approve',
    investorId: SEEDED.verified,
  });
  expect(res.status).toBe(303);
  return String(res.headers.location);
}

const CODE = '[0-9a-f-]{36}';

describe('callback style on /login/approve', () => {
  it.each([
    ['auto', `^http://bff\\.test/callback\\?state=S&code=${CODE}&country=US$`],
    ['question', `^http://bff\\.test/callback\\?state=S\\?code=${CODE}&country=US$`],
    ['ampersand', `^http://bff\\.test/callback\\?state=S&code=${CODE}&country=US$`],
    ['encoded', `^http://bff\\.test/callback%3Fstate%3DS\\?code=${CODE}&country=US$`],
  ] as const)('composes %s from the constructor option', async (style, pattern) => {
    const sim = createSimulator({ clients: CLIENTS, callbackStyle: style });

    expect(await approve(sim, 'http://bff.test/callback?state=S')).toMatch(new RegExp(pattern));
  });

  it('is switched at run time by setCallbackStyle and put back by reset()', async () => {
    const sim = createSimulator({ clients: CLIENTS, callbackStyle: 'question' });
    sim.control.setCallbackStyle('ampersand');
    const switched = await approve(sim, 'http://bff.test/callback/S');
    sim.control.reset();
    const afterReset = await approve(sim, 'http://bff.test/callback/S?x=1');

    expect(switched).toMatch(new RegExp(`^http://bff\\.test/callback/S&code=${CODE}&country=US$`));
    expect(afterReset).toMatch(new RegExp(`^http://bff\\.test/callback/S\\?x=1\\?code=${CODE}&country=US$`));
  });

  it('leaves the cancel redirect alone whatever the style', async () => {
    const sim = createSimulator({ clients: CLIENTS, callbackStyle: 'encoded' });
    const res = await request(sim.app).post('/login/approve').type('form').send({
      issuerId: CLIENT_ID,
      redirecturl: 'http://bff.test/callback?state=S',
      action: 'cancel',
    });

    expect(res.headers.location).toBe('http://bff.test/callback?state=S');
  });

  it('refuses an unknown style, as an option and at run time', () => {
    expect(() => createSimulator({ callbackStyle: 'semicolon' as 'auto' })).toThrow(/callbackStyle/);
    expect(() => createSimulator().control.setCallbackStyle('x' as 'auto')).toThrow(/callback style/);
  });
});
