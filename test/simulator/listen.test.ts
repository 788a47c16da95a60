import { Agent, request as httpRequest } from 'node:http';
import { createSimulator, SEEDED } from '../../src/simulator';
import { CLIENT_ID, SECRET } from './helpers';

function get(
  url: string,
  agent: Agent,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('listen()', () => {
  it('serves on an ephemeral 127.0.0.1 port and closes promptly with a keep-alive client connected', async () => {
    const sim = createSimulator();
    const server = await sim.listen();
    const agent = new Agent({ keepAlive: true });

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await get(`${server.url}/`, agent);
    const config = await get(`${server.url}/v1/${CLIENT_ID}`, agent, { authorization: SECRET });
    expect(page.status).toBe(200);
    expect(JSON.parse(config.body).data.redirectUrls).toEqual(['http://localhost:3000/*']);

    const start = Date.now();
    await server.close();
    expect(Date.now() - start).toBeLessThan(1000);
    agent.destroy();
  });

  it('closes while a slow response is still in flight', async () => {
    const sim = createSimulator();
    const server = await sim.listen();
    const agent = new Agent({ keepAlive: true });
    sim.control.injectFault({ kind: 'trickle', totalMs: 20_000 });
    const pending = get(`${server.url}/v1/${CLIENT_ID}`, agent, { authorization: SECRET }).catch(
      (e: Error) => e,
    );
    await new Promise((r) => setTimeout(r, 100));

    const start = Date.now();
    await server.close();
    expect(Date.now() - start).toBeLessThan(1000);
    expect(await pending).toMatchObject({ code: 'ECONNRESET' });
    agent.destroy();
  });

  it('gives a full login round trip over real HTTP, with document URLs on the same origin', async () => {
    const sim = createSimulator();
    const server = await sim.listen(0, '127.0.0.1');
    try {
      const form = new URLSearchParams({
        issuerId: CLIENT_ID,
        scope: 'info details verification',
        redirecturl: 'http://localhost:3000/callback?state=xyz',
        investorId: SEEDED.verified,
        action: 'approve',
      });
      const approved = await fetch(`${server.url}/login/approve`, {
        method: 'POST',
        body: form,
        redirect: 'manual',
      });
      const code = new URL(approved.headers.get('location') ?? '').searchParams.get('code');
      const tokens = await fetch(`${server.url}/v1/${CLIENT_ID}/oauth2/authorize`, {
        method: 'POST',
        headers: { authorization: SECRET, 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      }).then((r) => r.json() as Promise<{ accessToken: string }>);
      const headers = { authorization: SECRET, 'access-token': tokens.accessToken };
      const docs = `${server.url}/v1/${CLIENT_ID}/investor/documents/65f0a1b2c3d4e5f6a7b8c911/view`;
      const view = await fetch(docs, { headers }).then((r) => r.json() as Promise<{ data: { url: string } }>);
      const file = await fetch(view.data.url);

      expect(approved.status).toBe(303);
      expect(view.data.url.startsWith(`${server.url}/files/`)).toBe(true);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/svg+xml');
    } finally {
      await server.close();
    }
  });

  it('rejects when the port is taken', async () => {
    const first = await createSimulator().listen();
    const port = Number(new URL(first.url).port);
    try {
      await expect(createSimulator().listen(port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });
});
