import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { fragmentParams, freePort, probeEnv, startProbe } from './probe-helpers';

const CLIENT_ID = '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b';
const SECRET = `odd-secret-${randomBytes(8).toString('hex')}`;
const PERSON = { email: 'ada.odd@example.test', fullName: 'Ada Oddshape' };

/**
 * A Securitize that answers in the odd shapes: `expiration` in epoch seconds, opaque tokens, no
 * investorId on refresh, bare investor answers. Every value it hands out is kept, so the test can
 * assert that none reaches the report.
 */
function oddSecuritize(issued: string[]): Server {
  const send = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const refused = { statusCode: 401, error: 'Unauthorized', message: 'Failed to authorize', details: null };
  const access = new Set<string>();
  const codes = new Set(issued);
  const refreshes = new Set<string>();
  const pair = (investorId?: string) => {
    const accessToken = randomBytes(30).toString('base64url');
    const refreshToken = randomBytes(24).toString('hex');
    issued.push(accessToken, refreshToken);
    access.add(accessToken);
    refreshes.add(refreshToken);
    return {
      ...(investorId && { investorId }),
      accessToken,
      refreshToken,
      expiration: Math.floor(Date.now() / 1000) + 3600,
    };
  };
  return createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      const body = (text ? JSON.parse(text) : {}) as Record<string, string>;
      const url = req.url ?? '';
      if (req.headers.authorization !== SECRET) return send(res, 401, refused);
      if (req.method === 'POST' && url.endsWith('/oauth2/authorize')) {
        if (!codes.delete(body.code!)) return send(res, 401, refused);
        return send(res, 200, pair('5defbf8130b4212eb55044b4'));
      }
      if (req.method === 'POST' && url.endsWith('/oauth2/refresh')) {
        if (!refreshes.delete(body.refreshToken!)) return send(res, 401, refused);
        return send(res, 200, pair());
      }
      if (req.method !== 'GET' || !access.has(String(req.headers['access-token'])))
        return send(res, 401, refused);
      if (url.endsWith('/investor'))
        return send(res, 200, {
          investorId: '5defbf8130b4212eb55044b4',
          ...PERSON,
          verificationStatus: 'pending-aml',
        });
      if (url.endsWith('/verification'))
        return send(res, 404, { status: 0, data: {}, error: {}, success: true });
      return send(res, 200, []);
    });
  });
}

describe('npm run doctor -- --login against a Securitize answering in odd shapes', () => {
  it('records a second `?`, epoch-second expiration and a refresh without investorId, and no value', async () => {
    const code = randomUUID();
    const issued = [code];
    const api = oddSecuritize(issued);
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
    const port = await freePort();
    try {
      const probe = await startProbe(probeEnv(port, apiUrl, CLIENT_ID, SECRET));
      const redirect = fragmentParams(probe.loginUrl).get('redirecturl')!;
      // Anything but this login's return is turned away, and the probe keeps waiting.
      for (const stray of ['/callback?code=x', `${new URL(redirect).pathname}x?code=y`, '/'])
        expect((await fetch(`http://127.0.0.1:${port}${stray}`)).status).toBe(404);
      // The browser comes back with every parameter after a `?`.
      const back = await fetch(`${redirect}?code=${code}?country=FR&authorized=false`);
      expect(back.status).toBe(200);
      const r = await probe.done;
      expect(r.code).toBe(0);

      const { findings } = JSON.parse(r.json);
      expect(findings.callback).toMatchObject({
        template: '?code=<36>?country=<2>&authorized=<5>',
        separators: ['?', '?', '&'],
        authorized: 'false',
      });
      expect(findings.exchange.expiration.form).toBe('epoch seconds (number)');
      expect(findings.exchange.accessToken).toEqual({ format: 'base64url', length: 40 });
      expect(findings.refresh.investorId).toEqual({ format: 'absent', length: 0 });
      expect(findings.reads.investor.envelope.form).toBe('bare');
      expect(findings.reads.verification).toMatchObject({ status: 404, envelope: { form: 'wrapped' } });
      expect(findings.enumerations.verificationStatus).toEqual(['pending-aml']);
      expect(findings.codeReuse.shape).toEqual({
        statusCode: 'number',
        error: 'string "Unauthorized"',
        message: 'string "Failed to authorize"',
        details: 'null',
      });

      expect(r.md).toContain('a second `?`');
      expect(r.md).toContain('`expiration`: epoch seconds (number), 60 minutes ahead');
      expect(r.md).toMatch(/refresh answer: HTTP 200; carries investorId: no/);
      expect(r.md).toContain('`authorized` was false');
      expect(issued.length).toBeGreaterThan(4);
      for (const v of [...issued, SECRET, PERSON.email, PERSON.fullName, '5defbf8130b4212eb55044b4']) {
        expect(r.md).not.toContain(v);
        expect(r.json).not.toContain(v);
        expect(r.output).not.toContain(v);
      }
    } finally {
      api.close();
    }
  });

  it('with no browser coming back, it stops after the wait and says so', async () => {
    const port = await freePort();
    const probe = await startProbe(probeEnv(port, 'http://127.0.0.1:1', CLIENT_ID, SECRET), ['--wait', '1']);
    const r = await probe.done;
    expect(r.code).toBe(1);
    expect(r.output).toContain('doctor: no browser came back within 1 s');
  });

  it('with PORT taken (the BFF still running), it says to stop the BFF', async () => {
    const port = await freePort();
    const bff = createServer((_req, res) => res.end());
    await new Promise<void>((r) => bff.listen(port, r));
    try {
      await expect(startProbe(probeEnv(port, 'http://127.0.0.1:1', CLIENT_ID, SECRET))).rejects.toThrow(
        `PORT ${port} is in use: stop the BFF while the probe runs`,
      );
    } finally {
      bff.close();
    }
  });
});
