import request from 'supertest';
import { createSimulator } from '../../src/simulator';

describe('POST /__control/clock', () => {
  it('stamps every answer’s Date header with the skew, and 0 puts it back', async () => {
    const sim = createSimulator();
    expect((await request(sim.app).post('/__control/clock').send({ skewMs: 300_000 })).status).toBe(200);
    const skewed = await request(sim.app).get('/v1/anything');
    const off = Date.parse(skewed.headers.date!) - Date.now();
    expect(off).toBeGreaterThan(298_000);
    expect(off).toBeLessThan(301_000);

    await request(sim.app).post('/__control/clock').send({ skewMs: 0 });
    const back = Date.parse((await request(sim.app).get('/v1/anything')).headers.date!) - Date.now();
    expect(Math.abs(back)).toBeLessThan(2_000);
  });

  it('refuses anything but an integer number of milliseconds within a day', async () => {
    const sim = createSimulator();
    for (const body of [{}, { skewMs: '5' }, { skewMs: 1.5 }, { skewMs: 2 * 86_400_000 }])
      expect((await request(sim.app).post('/__control/clock').send(body)).status).toBe(400);
  });
});
