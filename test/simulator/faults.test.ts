import { request as httpRequest, type IncomingMessage } from 'node:http';
import request from 'supertest';
import { createSimulator, SEEDED, type Simulator } from '../../src/simulator';
import { CLIENT_ID, investorGet, loginAs, SECRET } from './helpers';

const CONFIG = `/v1/${CLIENT_ID}`;
const getConfig = (sim: Simulator) => request(sim.app).get(CONFIG).set('authorization', SECRET);

/** A raw GET over real HTTP that notes when the headers and each chunk arrived. */
function timedGet(
  url: string,
): Promise<{ res: IncomingMessage; headersAt: number; chunkTimes: number[]; body: string }> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { authorization: SECRET } }, (res) => {
      const headersAt = Date.now() - start;
      const chunks: Buffer[] = [];
      const chunkTimes: number[] = [];
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        chunkTimes.push(Date.now() - start);
      });
      res.on('end', () => resolve({ res, headersAt, chunkTimes, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('fault injection', () => {
  it('status: answers with the given status, body and headers, once by default', async () => {
    const sim = createSimulator();
    sim.control.injectFault({
      kind: 'status',
      status: 503,
      body: { oops: true },
      headers: { 'retry-after': '1' },
    });
    const faulted = await getConfig(sim);
    const normal = await getConfig(sim);

    expect(faulted.status).toBe(503);
    expect(faulted.body).toEqual({ oops: true });
    expect(faulted.headers['retry-after']).toBe('1');
    expect(normal.status).toBe(200);
  });

  it('status: defaults to a Boom body and honours times', async () => {
    const sim = createSimulator();
    sim.control.injectFault({ kind: 'status', status: 500, times: 2 });
    const first = await getConfig(sim);
    const rest = [(await getConfig(sim)).status, (await getConfig(sim)).status];

    expect(first.status).toBe(500);
    expect(first.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal Server Error',
      details: null,
    });
    expect(rest).toEqual([500, 200]);
  });

  it('matches on method and exact path or RegExp, and leaves other calls alone', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    sim.control.injectFault({ kind: 'status', status: 502, match: { method: 'post', path: CONFIG } });
    sim.control.injectFault({ kind: 'status', status: 504, match: { path: /\/investor\/documents$/g } });

    expect((await getConfig(sim)).status).toBe(200);
    expect((await investorGet(sim, '', accessToken)).status).toBe(200);
    expect((await investorGet(sim, '/documents', accessToken)).status).toBe(504);
    expect((await request(sim.app).post(CONFIG).send({})).status).toBe(502);
    expect((await request(sim.app).get('/')).status).toBe(200);
  });

  it('delay: waits, then answers normally', async () => {
    const sim = createSimulator();
    sim.control.injectFault({ kind: 'delay', ms: 150 });
    const start = Date.now();
    const res = await getConfig(sim);

    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
  });

  it('garbage: 200 with a JSON content type and a body that is not JSON', async () => {
    const sim = createSimulator();
    sim.control.injectFault({ kind: 'garbage' });
    const res = await getConfig(sim)
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => cb(null, text));
      });

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(() => JSON.parse(res.body as string)).toThrow();
  });

  it('huge: a 200 JSON body of exactly the asked size', async () => {
    const sim = createSimulator();
    sim.control.injectFault({ kind: 'huge', bytes: 3 * 1024 * 1024 });
    const res = await getConfig(sim);

    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(3 * 1024 * 1024));
    expect(JSON.stringify(res.body).length).toBe(3 * 1024 * 1024);
  });

  it('redirect: 302 to the given location', async () => {
    const sim = createSimulator();
    sim.control.injectFault({ kind: 'redirect', location: 'http://127.0.0.1:9/elsewhere' });
    const res = await getConfig(sim).redirects(0);

    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('http://127.0.0.1:9/elsewhere');
  });

  it('faulted calls are still recorded', async () => {
    const sim = createSimulator();
    sim.control.injectFault({ kind: 'status', status: 500 });
    await getConfig(sim);

    expect(sim.control.calls()).toHaveLength(1);
  });

  it('clearFaults() and reset() drop pending faults', async () => {
    const sim = createSimulator();
    sim.control.injectFault({ kind: 'status', status: 500 });
    sim.control.clearFaults();
    expect((await getConfig(sim)).status).toBe(200);
    sim.control.injectFault({ kind: 'status', status: 500 });
    sim.control.reset();
    expect((await getConfig(sim)).status).toBe(200);
  });

  describe('over real HTTP', () => {
    let sim: Simulator;
    let server: { url: string; close(): Promise<void> };
    beforeAll(async () => {
      sim = createSimulator();
      server = await sim.listen();
    });
    afterAll(() => server.close());

    it('trickle: sends headers at once, then dribbles a valid JSON body over totalMs', async () => {
      sim.control.injectFault({ kind: 'trickle', totalMs: 1000 });
      const { res, headersAt, chunkTimes, body } = await timedGet(`${server.url}${CONFIG}`);

      expect(res.statusCode).toBe(200);
      expect(headersAt).toBeLessThan(300);
      expect(chunkTimes.length).toBeGreaterThanOrEqual(5);
      expect(chunkTimes.at(-1)).toBeGreaterThanOrEqual(900);
      expect(JSON.parse(body)).toMatchObject({ success: true });
    });

    it('drop: destroys the socket without answering', async () => {
      sim.control.injectFault({ kind: 'drop' });

      await expect(timedGet(`${server.url}${CONFIG}`)).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect((await timedGet(`${server.url}${CONFIG}`)).res.statusCode).toBe(200);
    });
  });
});
