import request from 'supertest';
import { createSimulator, SEEDED } from '../../src/simulator';
import { investorGet, loginAs } from './helpers';

const PASSPORT = '65f0a1b2c3d4e5f6a7b8c911';
const UTILITY_BILL_PDF = '65f0a1b2c3d4e5f6a7b8c912';

function pathOf(url: string): string {
  return new URL(url).pathname;
}

function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('document view URLs', () => {
  it('serve a file from the simulator itself, then expire after 60 s', async () => {
    let now = 1_000_000;
    const sim = createSimulator({ now: () => now });
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const view = await investorGet(sim, `/documents/${PASSPORT}/view`, accessToken);
    const url: string = view.body.data.url;

    const file = await request(sim.app).get(pathOf(url)).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/svg+xml');
    expect((file.body as Buffer).subarray(0, 4).toString()).toBe('<svg');

    now += 59_999;
    expect((await request(sim.app).get(pathOf(url))).status).toBe(200);
    now += 1;
    const expired = await request(sim.app).get(pathOf(url));
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('Request has expired');
  });

  it('serves a PDF for PDF documents and a fresh URL on every call', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const a = await investorGet(sim, `/documents/${UTILITY_BILL_PDF}/view`, accessToken);
    const b = await investorGet(sim, `/documents/${UTILITY_BILL_PDF}/view`, accessToken);
    const file = await request(sim.app).get(pathOf(a.body.data.url)).buffer(true).parse(binary);

    expect(a.body.data.url).not.toBe(b.body.data.url);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect((file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('builds the URL from the Host header, and falls back when it is not a plain host', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const viaHost = await investorGet(sim, `/documents/${PASSPORT}/view`, accessToken).set(
      'host',
      'sim.test:8443',
    );
    const hostile = await investorGet(sim, `/documents/${PASSPORT}/view`, accessToken).set(
      'host',
      'a/b@evil',
    );

    expect(viaHost.body.data.url).toMatch(/^http:\/\/sim\.test:8443\/files\/[A-Za-z0-9_-]+$/);
    expect(hostile.body.data.url).toMatch(/^http:\/\/127\.0\.0\.1\/files\//);
  });

  it('answers 403 for a URL it never issued', async () => {
    const sim = createSimulator();

    expect((await request(sim.app).get('/files/made-up')).status).toBe(403);
  });

  it('works for signer documents too', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.entity);
    const view = await investorGet(
      sim,
      '/signers/5ecece7244ba5b00184cbb87/documents/65f0b1b2c3d4e5f6a7b8c921/view',
      accessToken,
    );

    expect((await request(sim.app).get(pathOf(view.body.data.url))).status).toBe(200);
  });
});
